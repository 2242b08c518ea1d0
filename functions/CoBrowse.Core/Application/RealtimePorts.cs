using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Application;

/// <summary>
/// The realtime side effects of session transitions (Web PubSub permissions and connections). Best effort: the
/// session row is the truth, and the customer SDK ignores control frames unless it is itself in control.
/// </summary>
public interface IRealtimeSessionControl
{
    /// <summary>Lets the controlling agent's live connections send to the session's control group.</summary>
    Task GrantControlAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Takes the control group away from every agent connection of the session at once.</summary>
    Task RevokeControlAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Closes every connection of the ended session, with a reason the clients can show.</summary>
    Task CloseSessionAsync(Session session, CancellationToken cancellationToken);
}

/// <summary>
/// Tells every participant of a session what just changed (the session's state group, which only the service may
/// write to). Best effort like the other realtime effects: clients also read the session on (re)connect and keep the
/// highest version they have seen, so a lost or repeated publish does no harm.
/// </summary>
public interface ISessionStatePublisher
{
    /// <summary>Publishes <paramref name="session"/> as it is after <paramref name="change"/>, made by <paramref name="by"/>.</summary>
    Task PublishAsync(Session session, SessionTrigger change, Actor by, CancellationToken cancellationToken);
}
