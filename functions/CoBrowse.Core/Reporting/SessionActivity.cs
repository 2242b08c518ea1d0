using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Reporting;

/// <summary>What one session did, read from its timeline events: when it was offered, started and ended, and control.</summary>
public sealed record SessionActivity
{
    public required string SessionId { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>When the key was issued or the offer sent.</summary>
    public DateTimeOffset? OfferedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public EndReason? EndReason { get; init; }

    public Actor? EndedBy { get; init; }

    /// <summary>How long the customer shared (started to ended); null when it never started or has not ended.</summary>
    public TimeSpan? Duration { get; init; }

    public int ControlRequests { get; init; }

    public int ControlApprovals { get; init; }

    public int ControlDenials { get; init; }

    /// <summary>Total time an agent was in control (granted until revoked or ended; until <c>now</c> while still in control).</summary>
    public TimeSpan ControlTime { get; init; }

    public int Navigations { get; init; }

    /// <summary>Hosts the agents' consoles did not load resources from (the highest count any console reported).</summary>
    public IReadOnlyList<HeldBackHost> HeldBackHosts { get; init; } = [];

    /// <summary>Summarizes each session found in <paramref name="events"/> (any order), in order of first event.</summary>
    public static IReadOnlyList<SessionActivity> Summarize(IEnumerable<TimelineEvent> events, DateTimeOffset now) =>
        events
            .OrderBy(e => e.At)
            .GroupBy(e => e.SessionId, StringComparer.Ordinal)
            .Select(g => Of(g.Key, g.ToList(), now))
            .ToList();

    private static SessionActivity Of(string sessionId, IReadOnlyList<TimelineEvent> ordered, DateTimeOffset now)
    {
        DateTimeOffset? controlSince = null;
        var controlTime = TimeSpan.Zero;
        var ended = ordered.LastOrDefault(e => e.Type == TimelineEventType.SessionEnded);
        foreach (var e in ordered)
        {
            if (e.Type == TimelineEventType.ControlGranted)
            {
                controlSince ??= e.At;
            }
            else if (e.Type is TimelineEventType.ControlRevoked or TimelineEventType.SessionEnded && controlSince is { } since)
            {
                controlTime += e.At - since;
                controlSince = null;
            }
        }

        if (controlSince is { } open && ended is null)
        {
            controlTime += now - open;
        }

        var started = ordered.FirstOrDefault(e => e.Type == TimelineEventType.SessionStarted)?.At;
        return new SessionActivity
        {
            SessionId = sessionId,
            Channel = ordered[0].Channel,
            OfferedAt = ordered.FirstOrDefault(e => e.Type is TimelineEventType.KeyIssued or TimelineEventType.Offered)?.At,
            StartedAt = started,
            EndedAt = ended?.At,
            EndReason = ended?.EndReason,
            EndedBy = ended?.Actor,
            Duration = ended?.Duration ?? (started is { } s && ended is not null ? ended.At - s : null),
            ControlRequests = ordered.Count(e => e.Type == TimelineEventType.ControlRequested),
            ControlApprovals = ordered.Count(e => e.Type == TimelineEventType.ControlGranted),
            ControlDenials = ordered.Count(e => e.Type == TimelineEventType.ControlDenied),
            ControlTime = controlTime < TimeSpan.Zero ? TimeSpan.Zero : controlTime,
            Navigations = ordered.Count(e => e.Type == TimelineEventType.PageNavigated),
            HeldBackHosts = ordered.Where(e => e.Type == TimelineEventType.ResourcesHeldBack)
                .Aggregate((IReadOnlyList<HeldBackHost>)[], (hosts, e) => Timeline.HeldBackHosts.Merge(hosts, e.HeldBackHosts ?? [])),
        };
    }
}
