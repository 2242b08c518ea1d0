using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tenants;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Application;

/// <summary>
/// What the agent's browser may fetch while it mirrors a session: the tenant's resource policy for the consoles that
/// join it, and the hosts those consoles held back, recorded on the interaction's timeline for the tenant's reports.
/// Agents and supervisors of the session's tenant only; the tenant always comes from the credential.
/// </summary>
public sealed class MirrorResourceService(ISessionStore sessions, ITenantStore tenants, ITimelineStore timeline, TimeProvider clock)
{
    public async Task<ResourcePolicy> PolicyForAsync(AgentPrincipal caller, string sessionId, CancellationToken cancellationToken)
    {
        RequireConsole(caller);
        await RequireSessionAsync(caller, sessionId, cancellationToken);
        var tenant = await tenants.GetAsync(caller.TenantId, cancellationToken)
            ?? throw CoBrowseProblemException.NotFound($"Session '{sessionId}' was not found.");
        return ResourcePolicy.For(tenant);
    }

    /// <summary>
    /// Records what the caller's console held back in the session: one timeline event per session and agent, which a
    /// later report of the same console extends (see <see cref="HeldBackHosts.Merge"/>). Returns the hosts recorded.
    /// </summary>
    public async Task<IReadOnlyList<HeldBackHost>> RecordHeldBackAsync(AgentPrincipal caller, string sessionId, HeldBackReport? report, CancellationToken cancellationToken)
    {
        RequireConsole(caller);
        var hosts = HeldBackHosts.Validate(report);
        var session = await RequireSessionAsync(caller, sessionId, cancellationToken);
        var key = TimelineEvent.HeldBackKey(session.SessionId, caller.AgentId);
        var earlier = (await timeline.ListAsync(session.TenantId, session.InteractionId, cancellationToken)).FirstOrDefault(e => e.EventKey == key);
        var merged = HeldBackHosts.Merge(earlier?.HeldBackHosts ?? [], hosts);
        await timeline.RecordAsync(TimelineEvent.ResourcesHeldBack(session, caller.AgentId, merged, earlier?.At ?? clock.GetUtcNow()), cancellationToken);
        return merged;
    }

    private static void RequireConsole(AgentPrincipal caller)
    {
        if (!caller.IsInRole(AgentRoles.Agent) && !caller.IsInRole(AgentRoles.Supervisor))
        {
            throw CoBrowseProblemException.Forbidden("This needs the 'agent' or 'supervisor' role.");
        }
    }

    private async Task<Session> RequireSessionAsync(AgentPrincipal caller, string sessionId, CancellationToken cancellationToken)
    {
        Identifiers.Require(sessionId, nameof(sessionId));
        var found = await sessions.GetAsync(caller.TenantId, sessionId, cancellationToken);
        return found?.Value is { } session && session.TenantId == caller.TenantId
            ? session
            : throw CoBrowseProblemException.NotFound($"Session '{sessionId}' was not found.");
    }
}
