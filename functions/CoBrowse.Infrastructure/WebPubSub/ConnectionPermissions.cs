namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>Gives one connection the control group of its session, or takes it away.</summary>
public interface IConnectionPermissions
{
    Task GrantControlAsync(string connectionId, string sessionId, CancellationToken cancellationToken);

    Task RevokeControlAsync(string connectionId, string sessionId, CancellationToken cancellationToken);
}

/// <summary>Control is exactly <c>sendToGroup</c> on <c>s.{sid}.ctl</c>, never an unscoped permission.</summary>
public sealed class WebPubSubConnectionPermissions(WebPubSubRestClient rest) : IConnectionPermissions
{
    public Task GrantControlAsync(string connectionId, string sessionId, CancellationToken cancellationToken) =>
        rest.GrantPermissionAsync(connectionId, WebPubSubPermission.SendToGroup, SessionGroups.Ctl(sessionId), cancellationToken);

    public Task RevokeControlAsync(string connectionId, string sessionId, CancellationToken cancellationToken) =>
        rest.RevokePermissionAsync(connectionId, WebPubSubPermission.SendToGroup, SessionGroups.Ctl(sessionId), cancellationToken);
}
