using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// The timeline, plus the session's facts for reports whenever its end event is recorded. Every end path (the HTTP
/// end, an offer's decline, the lifecycle's <c>ApplySessionEnd</c>) records that event, and a retried end records it
/// again, so the facts are written at least once per end and identically each time (an upsert of the same row).
/// A failure propagates: the end's own retry (the caller's or the orchestration's) writes them again.
/// </summary>
public sealed class FactsRecordingTimelineStore(TableTimelineStore timeline, ISessionStore sessions, ISessionFactsStore facts, TimeProvider clock) : ITimelineStore
{
    public async Task RecordAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        await timeline.RecordAsync(timelineEvent, cancellationToken);
        if (timelineEvent.Type == TimelineEventType.SessionEnded)
        {
            await RecordFactsAsync(timelineEvent.TenantId, timelineEvent.InteractionId, timelineEvent.SessionId, cancellationToken);
        }
    }

    public Task<IReadOnlyList<TimelineEvent>> ListAsync(string tenantId, string interactionId, CancellationToken cancellationToken) =>
        timeline.ListAsync(tenantId, interactionId, cancellationToken);

    private async Task RecordFactsAsync(string tenantId, string interactionId, string sessionId, CancellationToken cancellationToken)
    {
        if ((await sessions.GetAsync(tenantId, sessionId, cancellationToken))?.Value is not { State: SessionState.Ended } session)
        {
            return;
        }

        var events = (await timeline.ListAsync(tenantId, interactionId, cancellationToken)).Where(e => e.SessionId == sessionId);
        var activity = SessionActivity.Summarize(events, clock.GetUtcNow()).SingleOrDefault();
        if (activity is not null && SessionFacts.For(session, activity) is { } ended)
        {
            await facts.UpsertAsync(ended, cancellationToken);
        }
    }
}
