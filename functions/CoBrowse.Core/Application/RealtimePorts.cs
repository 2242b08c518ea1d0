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
