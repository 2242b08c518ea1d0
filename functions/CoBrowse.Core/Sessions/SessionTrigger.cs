namespace CoBrowse.Core.Sessions;

/// <summary>Everything that can move a session from one state to another.</summary>
public enum SessionTrigger
{
    CustomerJoined,
    ControlRequested,
    ControlApproved,
    ControlDenied,
    ControlRevoked,
    Ended,
}
