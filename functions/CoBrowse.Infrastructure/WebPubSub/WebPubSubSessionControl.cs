using System.Text.Json;
using CoBrowse.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// The realtime side effects of session transitions on Web PubSub. Connections come from presence; every call
/// for one session runs at once, and each failure is logged on its own so one dead connection does not stop the rest.
/// </summary>
public sealed partial class WebPubSubSessionControl(
    IPresenceStore presence, IConnectionPermissions permissions, WebPubSubRestClient rest, ILogger<WebPubSubSessionControl> logger) : IRealtimeSessionControl
{
    public async Task GrantControlAsync(Session session, CancellationToken cancellationToken)
    {
        var connections = await presence.ListAsync(session.TenantId, session.SessionId, cancellationToken);
        await Task.WhenAll(connections
            .Where(c => c.Role == RealtimeRole.Agent && c.AgentId == session.ControlAgentId)
            .Select(c => TryAsync("grant control", session, c.ConnectionId, () => permissions.GrantControlAsync(c.ConnectionId, session.SessionId, cancellationToken))));
    }

    public async Task RevokeControlAsync(Session session, CancellationToken cancellationToken)
    {
        var connections = await presence.ListAsync(session.TenantId, session.SessionId, cancellationToken);
        await Task.WhenAll(connections
            .Where(c => c.Role == RealtimeRole.Agent)
            .Select(c => TryAsync("revoke control", session, c.ConnectionId, () => permissions.RevokeControlAsync(c.ConnectionId, session.SessionId, cancellationToken))));
    }

    public Task CloseSessionAsync(Session session, CancellationToken cancellationToken)
    {
        var reason = CloseReason(session);
        var groups = SessionGroups.For(session.SessionId);
        return Task.WhenAll(new[] { groups.View, groups.Guide, groups.Ctl }
            .Select(g => TryAsync("close connections", session, g, () => rest.CloseGroupConnectionsAsync(g, reason, cancellationToken))));
    }

    /// <summary>What clients see in the disconnected message, e.g. <c>session-ended:customerEnded</c>.</summary>
    public static string CloseReason(Session session) =>
        "session-ended:" + (session.EndReason is { } reason ? JsonNamingPolicy.CamelCase.ConvertName(reason.ToString()) : "ended");

    private async Task TryAsync(string operation, Session session, string target, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e)
        {
            LogFailed(logger, e, operation, session.TenantId, session.SessionId, target);
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Realtime {Operation} for session {TenantId}/{SessionId} ({Target}) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string operation, string tenantId, string sessionId, string target);
}
