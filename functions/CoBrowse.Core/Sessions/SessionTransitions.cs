namespace CoBrowse.Core.Sessions;

/// <summary>
/// The allowed transitions, as data. Anything not listed is invalid (HTTP 409).
/// Repeating a transition that already happened is handled by <see cref="SessionLifecycle"/> as a no-op.
/// </summary>
public static class SessionTransitions
{
    private static readonly Dictionary<(SessionState From, SessionTrigger Trigger), SessionState> Table = new()
    {
        [(SessionState.Pending, SessionTrigger.CustomerJoined)] = SessionState.ViewOnly,
        [(SessionState.Pending, SessionTrigger.Ended)] = SessionState.Ended,

        [(SessionState.ViewOnly, SessionTrigger.ControlRequested)] = SessionState.ControlRequested,
        [(SessionState.ViewOnly, SessionTrigger.Ended)] = SessionState.Ended,

        [(SessionState.ControlRequested, SessionTrigger.ControlApproved)] = SessionState.Control,
        [(SessionState.ControlRequested, SessionTrigger.ControlDenied)] = SessionState.ViewOnly,
        // The customer may revoke a request before answering it: same effect as denying.
        [(SessionState.ControlRequested, SessionTrigger.ControlRevoked)] = SessionState.ViewOnly,
        [(SessionState.ControlRequested, SessionTrigger.Ended)] = SessionState.Ended,

        [(SessionState.Control, SessionTrigger.ControlRevoked)] = SessionState.ViewOnly,
        [(SessionState.Control, SessionTrigger.Ended)] = SessionState.Ended,
    };

    public static IReadOnlyDictionary<(SessionState From, SessionTrigger Trigger), SessionState> All => Table;

    public static SessionState? Next(SessionState from, SessionTrigger trigger) =>
        Table.TryGetValue((from, trigger), out var to) ? to : null;
}
