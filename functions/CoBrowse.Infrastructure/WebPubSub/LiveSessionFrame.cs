using System.Text.Json;
using System.Text.Json.Serialization;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// What the live group carries after each transition of any session of the tenant:
/// <c>{v:1,t:"live",sessionId,state,version,change,channel,interactionId,ownerAgentId,controlAgentId?,createdAt,startedAt?,endedAt?,endReason?,at}</c>.
/// Everything a supervisor's list needs to add, update or drop the row without asking again.
/// </summary>
public sealed record LiveSessionFrame(
    int V,
    string T,
    string SessionId,
    SessionState State,
    int Version,
    SessionTrigger Change,
    Channel Channel,
    string InteractionId,
    string OwnerAgentId,
    string? ControlAgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    EndReason? EndReason,
    DateTimeOffset At)
{
    /// <summary>The same wire conventions as the session's state frames.</summary>
    public static JsonSerializerOptions Json => SessionStateFrame.Json;

    public static LiveSessionFrame From(Session session, SessionTrigger change) => new(
        1,
        "live",
        session.SessionId,
        session.State,
        session.Version,
        change,
        session.Channel,
        session.InteractionId,
        session.OwnerAgentId,
        session.ControlAgentId,
        session.CreatedAt,
        session.StartedAt,
        session.EndedAt,
        session.State == SessionState.Ended ? session.EndReason : null,
        session.UpdatedAt);
}

/// <summary>
/// Publishes to the session's state group (the inner publisher) and, at the same time, a <see cref="LiveSessionFrame"/>
/// to the tenant's live group. Added around the existing publisher, so every place that publishes a state frame
/// (HTTP transitions and the lifecycle's ends) feeds the live view too.
/// </summary>
public sealed class LiveSessionStatePublisher(ISessionStatePublisher inner, WebPubSubRestClient rest) : ISessionStatePublisher
{
    public Task PublishAsync(Session session, SessionTrigger change, Actor by, CancellationToken cancellationToken) =>
        Task.WhenAll(
            inner.PublishAsync(session, change, by, cancellationToken),
            rest.SendToGroupAsync(SessionGroups.Live(session.TenantId), WebPubSubMessage.Json(LiveSessionFrame.From(session, change), LiveSessionFrame.Json), cancellationToken));
}
