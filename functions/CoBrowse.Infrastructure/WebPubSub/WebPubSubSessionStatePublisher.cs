using System.Text.Json;
using System.Text.Json.Serialization;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// Publishes session state frames to <c>s.{sid}.state</c> through the REST API: the service is the only sender there
/// (no participant holds a send role on it), so a frame in that group is the service's word. The shape is
/// <c>SessionStateFrame</c> of <c>web/src/protocol/session.ts</c>.
/// </summary>
public sealed class WebPubSubSessionStatePublisher(WebPubSubRestClient rest) : ISessionStatePublisher
{
    public Task PublishAsync(Session session, SessionTrigger change, Actor by, CancellationToken cancellationToken) =>
        rest.SendToGroupAsync(SessionGroups.State(session.SessionId), WebPubSubMessage.Json(SessionStateFrame.From(session, change, by), SessionStateFrame.Json), cancellationToken);
}

/// <summary>One session state frame: <c>{v:1,t:"session",sessionId,state,version,change,by:{kind,id},controlAgentId?,endReason?,at}</c>.</summary>
public sealed record SessionStateFrame(
    int V,
    string T,
    string SessionId,
    SessionState State,
    int Version,
    SessionTrigger Change,
    SessionStateFrame.Actor By,
    string? ControlAgentId,
    EndReason? EndReason,
    DateTimeOffset At)
{
    /// <summary>camelCase names and enum values, absent optionals left out: what the web protocol reads.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static SessionStateFrame From(Session session, SessionTrigger change, Core.Sessions.Actor by) => new(
        1,
        "session",
        session.SessionId,
        session.State,
        session.Version,
        change,
        new Actor(by.Kind, by.Id),
        session.ControlAgentId,
        session.State == SessionState.Ended ? session.EndReason : null,
        session.UpdatedAt);

    public sealed record Actor(ActorKind Kind, string Id);
}
