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
    ParticipantConnected,
    ParticipantDisconnected,

    /// <summary>The customer's page changed (a page load while sharing); carries the page's path only.</summary>
    PageNavigated,

    /// <summary>An agent's console did not load page resources from hosts the tenant does not allow; carries those hosts.</summary>
    ResourcesHeldBack,
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

    /// <summary>Identifies events that are not session transitions (e.g. presence), which share the session's version.</summary>
    public string? EventKey { get; init; }

    /// <summary>For a page navigation: the page's path, without query or fragment (see <see cref="PagePath"/>).</summary>
    public string? Path { get; init; }

    /// <summary>For held-back resources: the hosts and how many references to each the console dropped.</summary>
    public IReadOnlyList<HeldBackHost>? HeldBackHosts { get; init; }

    public string EventId => EventKey ?? $"{SessionId}.{SessionVersion:D4}";

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

    /// <summary>A participant's realtime connection opened or closed; keyed by the connection, so a retry writes one row.</summary>
    public static TimelineEvent Presence(Session session, Actor actor, string connectionId, bool connected, DateTimeOffset at) => new()
    {
        TenantId = session.TenantId,
        InteractionId = session.InteractionId,
        SessionId = session.SessionId,
        Channel = session.Channel,
        Type = connected ? TimelineEventType.ParticipantConnected : TimelineEventType.ParticipantDisconnected,
        At = at,
        Actor = actor,
        SessionVersion = session.Version,
        EventKey = $"{session.SessionId}.{(connected ? "connected" : "disconnected")}.{connectionId}",
    };

    /// <summary>The customer's page changed (at most one per second and session: see the navigation throttle).</summary>
    public static TimelineEvent Navigation(Session session, string path, DateTimeOffset at) => new()
    {
        TenantId = session.TenantId,
        InteractionId = session.InteractionId,
        SessionId = session.SessionId,
        Channel = session.Channel,
        Type = TimelineEventType.PageNavigated,
        At = at,
        Actor = Actor.Customer,
        SessionVersion = session.Version,
        EventKey = $"{session.SessionId}.navigated.{at.UtcTicks}",
        Path = path,
    };

    /// <summary>
    /// The hosts one agent's console held back in a session: one event per session and agent, keyed by both and dated
    /// by the first report, so a later report (with the grown list) replaces it in place.
    /// </summary>
    public static TimelineEvent ResourcesHeldBack(Session session, string agentId, IReadOnlyList<HeldBackHost> hosts, DateTimeOffset at) => new()
    {
        TenantId = session.TenantId,
        InteractionId = session.InteractionId,
        SessionId = session.SessionId,
        Channel = session.Channel,
        Type = TimelineEventType.ResourcesHeldBack,
        At = at,
        Actor = Actor.Agent(agentId),
        SessionVersion = session.Version,
        EventKey = HeldBackKey(session.SessionId, agentId),
        HeldBackHosts = hosts,
    };

    public static string HeldBackKey(string sessionId, string agentId) => $"{sessionId}.heldBack.{agentId}";

    private static DateTimeOffset LastChange(Session session) => session.UpdatedAt;
}
