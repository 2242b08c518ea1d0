using CoBrowse.Core.Application;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Keeps one row per event id, like the real store; also counts every write.</summary>
public sealed class InMemoryTimelineStore : ITimelineStore
{
    private readonly Dictionary<string, TimelineEvent> _events = new(StringComparer.Ordinal);

    public int RecordCalls { get; private set; }

    public IReadOnlyList<TimelineEvent> Events =>
        [.. _events.Values.OrderBy(e => e.At).ThenBy(e => e.SessionId, StringComparer.Ordinal).ThenBy(e => e.SessionVersion)];

    public Task RecordAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        RecordCalls++;
        _events[$"{timelineEvent.TenantId}/{timelineEvent.EventId}"] = timelineEvent;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TimelineEvent>> ListAsync(string tenantId, string interactionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TimelineEvent>>(
            [.. Events.Where(e => e.TenantId == tenantId && e.InteractionId == interactionId)]);
}
