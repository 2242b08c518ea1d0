using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Sessions;

/// <summary>Applies a command to a session: the one place that decides what a session may do next.</summary>
public static class SessionLifecycle
{
    public static TransitionOutcome Apply(Session session, SessionCommand command, DateTimeOffset now)
    {
        if (IsReplay(session, command))
        {
            return TransitionOutcome.Unchanged(session);
        }

        if (SessionTransitions.Next(session.State, command.Trigger) is not { } next)
        {
            return TransitionOutcome.Rejected(session, Describe(session, command));
        }

        if (command is RevokeControl { By.Kind: ActorKind.Agent } revoke && revoke.By.Id != session.ControlAgentId)
        {
            return TransitionOutcome.Rejected(session, "Only the customer or the controlling agent can revoke control.");
        }

        var changed = session with
        {
            State = next,
            UpdatedAt = now,
            Version = session.Version + 1,
            StartedAt = command is JoinAsCustomer ? now : session.StartedAt,
            EndedAt = next == SessionState.Ended ? now : session.EndedAt,
            EndReason = command is EndSession end ? end.Reason : session.EndReason,
            EndedBy = command is EndSession ? command.Actor : session.EndedBy,
            ControlAgentId = command switch
            {
                RequestControl request => request.AgentId,
                ApproveControl => session.ControlAgentId,
                _ => null,
            },
        };
        return TransitionOutcome.Changed(changed, TimelineEvent.For(changed, EventTypeOf(command), command.Actor));
    }

    /// <summary>The command already took effect: a retry, a double click, a duplicate webhook.</summary>
    private static bool IsReplay(Session session, SessionCommand command) => command switch
    {
        JoinAsCustomer => session.State.IsActive(),
        RequestControl request => session.State is SessionState.ControlRequested or SessionState.Control
            && session.ControlAgentId == request.AgentId,
        ApproveControl => session.State == SessionState.Control,
        RevokeControl => session.State == SessionState.ViewOnly,
        EndSession => session.State == SessionState.Ended,
        _ => false,
    };

    private static TimelineEventType EventTypeOf(SessionCommand command) => command.Trigger switch
    {
        SessionTrigger.CustomerJoined => TimelineEventType.SessionStarted,
        SessionTrigger.ControlRequested => TimelineEventType.ControlRequested,
        SessionTrigger.ControlApproved => TimelineEventType.ControlGranted,
        SessionTrigger.ControlDenied => TimelineEventType.ControlDenied,
        SessionTrigger.ControlRevoked => TimelineEventType.ControlRevoked,
        SessionTrigger.Ended => TimelineEventType.SessionEnded,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.Trigger, "Unknown trigger."),
    };

    private static string Describe(Session session, SessionCommand command) => (session.State, command.Trigger) switch
    {
        (SessionState.Ended, _) => $"The session has ended ({session.EndReason}).",
        (SessionState.Pending, _) => "The customer has not joined the session yet.",
        // Agent ids are the tenant's own names for its agents: the second agent is told who holds the request or control.
        (SessionState.ControlRequested, SessionTrigger.ControlRequested) => $"Agent '{session.ControlAgentId}' has a navigation request waiting for the customer.",
        (SessionState.Control, SessionTrigger.ControlRequested) => $"Agent '{session.ControlAgentId}' is in control.",
        (_, SessionTrigger.ControlApproved or SessionTrigger.ControlDenied) => "There is no navigation request to answer.",
        _ => $"Cannot {command.Trigger} while the session is {session.State}.",
    };
}
