using CoBrowse.Core.Observability;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Core.Application;

/// <summary>Reads sessions and moves them through their lifecycle, safely under concurrent writers.</summary>
public sealed partial class SessionService(
    ISessionStore sessions,
    ITimelineStore timeline,
    IRealtimeSessionControl realtime,
    ISessionStatePublisher states,
    TimeProvider clock,
    ILogger<SessionService> logger,
    ISessionObserver? observer = null)
{
    private const int MaxWriteAttempts = 8;

    /// <summary>The most sessions one list answers.</summary>
    public const int MaxListed = 200;

    /// <summary>Rows read at most to find the newest: bounds a list's cost even for a tenant with many open sessions.</summary>
    private const int MaxScanned = 5000;

    /// <summary>How far back a list that includes ended sessions looks (unless it names an interaction).</summary>
    public static readonly TimeSpan EndedListWindow = TimeSpan.FromHours(24);

    public async Task<Session> GetForAsync(Principal caller, string sessionId, CancellationToken cancellationToken)
    {
        if (caller is CustomerPrincipal customer && customer.SessionId != sessionId)
        {
            throw CoBrowseProblemException.Forbidden("This customer token belongs to another session.");
        }

        var found = await sessions.GetAsync(caller.TenantId, sessionId, cancellationToken);
        return found?.Value ?? throw CoBrowseProblemException.NotFound($"Session '{sessionId}' was not found.");
    }

    /// <summary>
    /// The tenant's sessions for an agent's console, newest first, at most <see cref="MaxListed"/>: those not ended
    /// (pending included), or with <paramref name="includeEnded"/> also the ended ones of the last
    /// <see cref="EndedListWindow"/> (of any age when <paramref name="interactionId"/> narrows the list). The tenant
    /// always comes from the caller's credential.
    /// </summary>
    public async Task<IReadOnlyList<Session>> ListAsync(AgentPrincipal agent, bool includeEnded, string? interactionId, CancellationToken cancellationToken)
    {
        Identifiers.Optional(interactionId, nameof(interactionId));
        var since = includeEnded && interactionId is null ? clock.GetUtcNow() - EndedListWindow : (DateTimeOffset?)null;
        var found = await sessions.ListAsync(new SessionQuery(agent.TenantId, includeEnded, interactionId, since), MaxScanned, cancellationToken);
        return found
            .Where(s => s.TenantId == agent.TenantId)
            .OrderByDescending(s => s.CreatedAt)
            .ThenBy(s => s.SessionId, StringComparer.Ordinal)
            .Take(MaxListed)
            .ToList();
    }

    /// <summary>
    /// Applies <paramref name="command"/>: re-reads and retries when another writer won the race, records the
    /// timeline event, tells the lifecycle and applies the realtime side effects. Rejected transitions throw 409 and
    /// change nothing.
    /// </summary>
    public async Task<Session> ApplyAsync(string tenantId, string sessionId, SessionCommand command, ISessionSignals signals, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var current = await sessions.GetAsync(tenantId, sessionId, cancellationToken)
                ?? throw CoBrowseProblemException.NotFound($"Session '{sessionId}' was not found.");
            var outcome = SessionLifecycle.Apply(current.Value, command, clock.GetUtcNow());
            switch (outcome.Kind)
            {
                case TransitionKind.Rejected:
                    throw CoBrowseProblemException.Conflict(outcome.Problem!);
                case TransitionKind.Unchanged:
                    await RepairEndEventAsync(outcome.Session, cancellationToken);
                    // A retry also repeats the realtime effects (all idempotent), in case the first attempt's failed.
                    await ApplyRealtimeAsync(outcome.Session.State, outcome.Session, command, RepublishedChange(outcome.Session));
                    return outcome.Session;
                case TransitionKind.Changed when await sessions.TryReplaceAsync(outcome.Session, current.Version, cancellationToken):
                    observer?.Transitioned(current.Value, outcome.Session, command.Trigger, command.Actor);
                    await timeline.RecordAsync(outcome.Event!, cancellationToken);
                    await NotifyAsync(outcome.Session, command, signals, cancellationToken);
                    await ApplyRealtimeAsync(current.Value.State, outcome.Session, command, (command.Trigger, command.Actor));
                    return outcome.Session;
                default:
                    continue; // Lost the race: read the winner's state and decide again.
            }
        }

        throw CoBrowseProblemException.Conflict("The session is changing too fast; try again.");
    }

    /// <summary>Ended is final; if an earlier attempt stopped between the write and the timeline, a retry completes it.</summary>
    private async Task RepairEndEventAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.State == SessionState.Ended)
        {
            await timeline.RecordAsync(TimelineEvent.For(session, TimelineEventType.SessionEnded, session.EndedBy ?? Actor.System), cancellationToken);
        }
    }

    /// <summary>
    /// Grants control on entering Control, revokes it on leaving (revoke, deny, end), publishes the new state to the
    /// session's state group and closes the connections of an ended session. Permissions change before the publish
    /// (an agent told "controlApproved" can act at once); the publish comes before the close, so clients get the end
    /// reason as a frame as well as the close reason. Runs after the write, and a failure never undoes or blocks the
    /// transition. Not cancelled with the request: once the session changed, its connections must follow even if the
    /// caller went away (the adapter bounds each call with its own timeout).
    /// </summary>
    private async Task ApplyRealtimeAsync(SessionState before, Session after, SessionCommand command, (SessionTrigger Change, Actor By)? published)
    {
        var none = CancellationToken.None;
        if (after.State == SessionState.Control)
        {
            await TryRealtimeAsync(after, () => realtime.GrantControlAsync(after, none));
        }
        else if (command is RevokeControl or DenyControl || before is SessionState.Control or SessionState.ControlRequested)
        {
            await TryRealtimeAsync(after, () => realtime.RevokeControlAsync(after, none));
        }

        if (published is { } change)
        {
            await TryRealtimeAsync(after, () => states.PublishAsync(after, change.Change, change.By, none));
        }

        if (after.State == SessionState.Ended)
        {
            // Independent of the revoke: a failed revoke must not keep the connections of an ended session open.
            await TryRealtimeAsync(after, () => realtime.CloseSessionAsync(after, none));
        }
    }

    /// <summary>
    /// A replayed end publishes the end again (its first attempt may have stopped before publishing, and clients keep
    /// the highest version anyway); other replays changed nothing worth telling.
    /// </summary>
    private static (SessionTrigger Change, Actor By)? RepublishedChange(Session session) =>
        session.State == SessionState.Ended ? (SessionTrigger.Ended, session.EndedBy ?? Actor.System) : null;

    private async Task TryRealtimeAsync(Session session, Func<Task> effect)
    {
        try
        {
            await effect();
        }
        catch (Exception e)
        {
            LogRealtimeFailed(logger, e, session.TenantId, session.SessionId, session.State);
        }
    }

    private static Task NotifyAsync(Session session, SessionCommand command, ISessionSignals signals, CancellationToken cancellationToken) => command switch
    {
        JoinAsCustomer => signals.CustomerJoinedAsync(session, cancellationToken),
        EndSession => signals.SessionEndedAsync(session, cancellationToken),
        // Control changes count as real user activity: they postpone the inactivity end.
        _ => signals.ActivityAsync(session.TenantId, session.SessionId, session.UpdatedAt, cancellationToken),
    };

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Realtime side effects of session {TenantId}/{SessionId} entering {State} failed; the transition stands")]
    private static partial void LogRealtimeFailed(ILogger logger, Exception exception, string tenantId, string sessionId, SessionState state);
}
