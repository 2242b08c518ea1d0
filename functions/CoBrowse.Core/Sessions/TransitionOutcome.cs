using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Sessions;

public enum TransitionKind
{
    /// <summary>The session moved; persist it and record the event.</summary>
    Changed,

    /// <summary>The command had already taken effect; nothing to do (idempotent replay).</summary>
    Unchanged,

    /// <summary>Not allowed from the current state.</summary>
    Rejected,
}

public sealed record TransitionOutcome(TransitionKind Kind, Session Session, TimelineEvent? Event, string? Problem)
{
    public static TransitionOutcome Changed(Session session, TimelineEvent timelineEvent) => new(TransitionKind.Changed, session, timelineEvent, null);

    public static TransitionOutcome Unchanged(Session session) => new(TransitionKind.Unchanged, session, null, null);

    public static TransitionOutcome Rejected(Session session, string problem) => new(TransitionKind.Rejected, session, null, problem);
}
