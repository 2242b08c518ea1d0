using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Timeline;

public enum TimelineEventType
{
    KeyIssued,
    Offered,
    SessionStarted,
    ControlRequested,
    ControlGranted,
    ControlDenied,
    ControlRevoked,
    SessionEnded,
}

/// <summary>One co-browse event in an interaction's timeline.</summary>
public sealed record TimelineEvent
{
    public required string TenantId { get; init; }

    public required string InteractionId { get; init; }

    public required string SessionId { get; init; }

    public required Channel Channel { get; init; }

    public required TimelineEventType Type { get; init; }

    public required DateTimeOffset At { get; init; }

    public required Actor Actor { get; init; }

    /// <summary>The session version this event produced; with the session id it identifies the event, so writes are idempotent.</summary>
    public required int SessionVersion { get; init; }

    public EndReason? EndReason { get; init; }

    /// <summary>For the end event: how long the customer shared.</summary>
    public TimeSpan? Duration { get; init; }

    public string EventId => $"{SessionId}.{SessionVersion:D4}";

    public static TimelineEvent For(Session session, TimelineEventType type, Actor actor) => new()
    {
        TenantId = session.TenantId,
        InteractionId = session.InteractionId,
        SessionId = session.SessionId,
        Channel = session.Channel,
        Type = type,
        At = session.EndedAt is { } ended && type == TimelineEventType.SessionEnded ? ended : LastChange(session),
        Actor = actor,
        SessionVersion = session.Version,
        EndReason = type == TimelineEventType.SessionEnded ? session.EndReason : null,
        Duration = type == TimelineEventType.SessionEnded ? session.Duration : null,
    };

    private static DateTimeOffset LastChange(Session session) => session.UpdatedAt;
}
