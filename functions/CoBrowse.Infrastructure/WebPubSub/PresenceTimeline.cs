using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>Puts participants' realtime connections and disconnections in the interaction's timeline.</summary>
public sealed class PresenceTimeline(ISessionStore sessions, ITimelineStore timeline, TimeProvider clock)
{
    public async Task RecordAsync(RealtimeParticipant participant, string connectionId, bool connected, CancellationToken cancellationToken)
    {
        if ((await sessions.GetAsync(participant.TenantId, participant.SessionId, cancellationToken))?.Value is not { } session)
        {
            return;
        }

        var actor = participant.Role == RealtimeRole.Customer ? Actor.Customer : Actor.Agent(participant.AgentId!); // a watching supervisor is recorded as the agent id it is
        await timeline.RecordAsync(TimelineEvent.Presence(session, actor, connectionId, connected, clock.GetUtcNow()), cancellationToken);
    }
}
