using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// Presence as before, and after every change the session's connections go to the tenant's live group as
/// <c>{v:1,t:"live-presence",sessionId,participants:[{kind,id?,connectedAt}],at}</c>, so the supervisors' "connected"
/// column follows without polling. The list is read after the write; the newest <c>at</c> wins on the page.
/// </summary>
public sealed partial class LivePresenceStore(IPresenceStore inner, WebPubSubRestClient rest, TimeProvider clock, ILogger<LivePresenceStore> logger) : IPresenceStore
{
    public async Task UpsertAsync(PresenceEntry entry, CancellationToken cancellationToken)
    {
        await inner.UpsertAsync(entry, cancellationToken);
        await PublishAsync(entry.TenantId, entry.SessionId, cancellationToken);
    }

    public async Task RemoveAsync(string tenantId, string sessionId, string connectionId, CancellationToken cancellationToken)
    {
        await inner.RemoveAsync(tenantId, sessionId, connectionId, cancellationToken);
        await PublishAsync(tenantId, sessionId, cancellationToken);
    }

    public Task<IReadOnlyList<PresenceEntry>> ListAsync(string tenantId, string sessionId, CancellationToken cancellationToken) =>
        inner.ListAsync(tenantId, sessionId, cancellationToken);

    /// <summary>Best effort: presence is written, and what follows it (timeline, control grants) must not wait on the live view.</summary>
    private async Task PublishAsync(string tenantId, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await PublishOrThrowAsync(tenantId, sessionId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPublishFailed(logger, e, tenantId, sessionId);
        }
    }

    private async Task PublishOrThrowAsync(string tenantId, string sessionId, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var participants = (await inner.ListAsync(tenantId, sessionId, cancellationToken))
            .OrderBy(c => c.ConnectedAt)
            .Select(c => new LivePresenceFrame.Participant(RealtimeClaims.RoleName(c.Role), c.AgentId, c.ConnectedAt))
            .ToList();
        var frame = new LivePresenceFrame(1, "live-presence", sessionId, participants, at);
        await rest.SendToGroupAsync(SessionGroups.Live(tenantId), WebPubSubMessage.Json(frame, LiveSessionFrame.Json), cancellationToken);
    }

    [LoggerMessage(EventId = 3600, Level = LogLevel.Warning, Message = "Publishing the presence of {TenantId}/{SessionId} to the live group failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string tenantId, string sessionId);
}

public sealed record LivePresenceFrame(int V, string T, string SessionId, IReadOnlyList<LivePresenceFrame.Participant> Participants, DateTimeOffset At)
{
    public sealed record Participant(string Kind, string? Id, DateTimeOffset ConnectedAt);
}
