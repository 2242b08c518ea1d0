using CoBrowse.Core.Sessions;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.Infrastructure.Lifecycle;

public sealed class InteractionState
{
    public List<AttachedSession> Sessions { get; set; } = [];

    /// <summary>Set when the primary interaction ended: any session attached later ends at once.</summary>
    public bool Ended { get; set; }
}

/// <summary>
/// The primary conversation (call, messaging, chat) as far as co-browse cares: which sessions ride on it.
/// A transfer or an end of the interaction ends those sessions; the interaction itself goes on.
/// </summary>
public sealed class Interaction : TaskEntity<InteractionState>
{
    public void Attach(AttachedSession session)
    {
        if (State.Ended)
        {
            EndSession(session, EndReason.InteractionEnded);
            return;
        }

        if (!State.Sessions.Contains(session))
        {
            State.Sessions.Add(session);
        }
    }

    public void Detach(string sessionId) => State.Sessions.RemoveAll(s => s.SessionId == sessionId);

    /// <summary>The interaction moved to another agent: co-browse with the previous agent ends; new sessions may start.</summary>
    public void Transferred() => EndAll(EndReason.InteractionTransferred);

    public void Ended()
    {
        State.Ended = true;
        EndAll(EndReason.InteractionEnded);
    }

    private void EndAll(EndReason reason)
    {
        foreach (var session in State.Sessions)
        {
            EndSession(session, reason);
        }

        State.Sessions.Clear();
    }

    private void EndSession(AttachedSession session, EndReason reason) =>
        Context.SignalEntity(LifecycleNames.SessionEntityId(session.TenantId, session.SessionId), nameof(CobrowseSession.End), reason);
}
