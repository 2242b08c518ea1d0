namespace CoBrowse.Core.Sessions;

public enum SessionState
{
    /// <summary>Created by a security key or an offer; the customer has not joined yet.</summary>
    Pending,

    /// <summary>Sharing; agents see the page and may guide, but not act.</summary>
    ViewOnly,

    /// <summary>Sharing; an agent asked for control and the customer has not answered yet.</summary>
    ControlRequested,

    /// <summary>Sharing; one agent may act on the page.</summary>
    Control,

    Ended,
}

public static class SessionStateExtensions
{
    public static bool IsActive(this SessionState state) =>
        state is SessionState.ViewOnly or SessionState.ControlRequested or SessionState.Control;
}
