using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Application;

/// <summary>Reads sessions and moves them through their lifecycle, safely under concurrent writers.</summary>
public sealed class SessionService(ISessionStore sessions, ITimelineStore timeline, TimeProvider clock)
{
    private const int MaxWriteAttempts = 8;

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
    /// Applies <paramref name="command"/>: re-reads and retries when another writer won the race, records the
    /// timeline event, and tells the lifecycle. Rejected transitions throw 409 and change nothing.
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
                    return outcome.Session;
                case TransitionKind.Changed when await sessions.TryReplaceAsync(outcome.Session, current.Version, cancellationToken):
                    await timeline.RecordAsync(outcome.Event!, cancellationToken);
                    await NotifyAsync(outcome.Session, command, signals, cancellationToken);
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

    private static Task NotifyAsync(Session session, SessionCommand command, ISessionSignals signals, CancellationToken cancellationToken) => command switch
    {
        JoinAsCustomer => signals.CustomerJoinedAsync(session, cancellationToken),
        EndSession => signals.SessionEndedAsync(session, cancellationToken),
        // Control changes count as real user activity: they postpone the inactivity end.
        _ => signals.ActivityAsync(session.TenantId, session.SessionId, session.UpdatedAt, cancellationToken),
    };
}
