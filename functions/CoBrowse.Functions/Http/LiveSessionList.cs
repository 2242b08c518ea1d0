using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;

namespace CoBrowse.Functions.Http;

/// <summary>
/// The tenant's active sessions (the customer has joined and it has not ended) with who is connected to each, read
/// from the session table (the tenant's partition) and the presence rows of each session.
/// </summary>
public sealed class LiveSessionList(ISessionStore sessions, IPresenceStore presence, TimeProvider clock)
{
    /// <summary>More active sessions than a supervisor page can show; the newest ones are kept.</summary>
    public const int MaxSessions = 500;

    private const int PresenceReadsAtOnce = 16;

    public async Task<LiveSessionsResponse> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await sessions.ListAsync(new SessionQuery(tenantId, IncludeEnded: false, InteractionId: null, CreatedSince: null), MaxSessions * 4, cancellationToken);
        var active = found
            .Where(s => s.TenantId == tenantId && s.State is SessionState.ViewOnly or SessionState.ControlRequested or SessionState.Control)
            .OrderByDescending(s => s.StartedAt ?? s.CreatedAt)
            .ThenBy(s => s.SessionId, StringComparer.Ordinal)
            .Take(MaxSessions)
            .ToList();

        var views = new LiveSessionView[active.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, active.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PresenceReadsAtOnce, CancellationToken = cancellationToken },
            async (i, token) => views[i] = View(active[i], await presence.ListAsync(tenantId, active[i].SessionId, token), now));
        return new LiveSessionsResponse(views, now);
    }

    private static LiveSessionView View(Session s, IReadOnlyList<PresenceEntry> connections, DateTimeOffset now) => new(
        s.SessionId,
        s.InteractionId,
        s.Channel,
        s.State,
        s.State,
        s.OwnerAgentId,
        s.ControlAgentId,
        s.CreatedAt,
        s.StartedAt,
        (long)Math.Max(0, (now - (s.StartedAt ?? s.CreatedAt)).TotalSeconds),
        s.Version,
        connections
            .OrderBy(c => c.ConnectedAt)
            .Select(c => new LiveParticipant(RealtimeClaims.RoleName(c.Role), c.AgentId, c.ConnectedAt))
            .ToList());
}
