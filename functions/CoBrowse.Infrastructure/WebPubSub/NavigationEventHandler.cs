using System.Text.Json;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;
using CoBrowse.Infrastructure.Serialization;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// The user event <c>navigated</c> (<c>{"path":"/checkout"}</c>): the customer's page loaded while sharing. Recorded
/// as a <c>pageNavigated</c> timeline event of the connection's session; who and which session come from the
/// connection state, never from the payload. Only the path is kept (query and fragment are cut here too); the
/// throttle keeps at most one navigation per session and second, and a bounded number per session.
/// </summary>
public sealed class NavigationEventHandler(ISessionStore sessions, ITimelineStore timeline, INavigationThrottle throttle, TimeProvider clock)
{
    public const string EventName = "navigated";

    private const int MaxPayloadBytes = 4096;

    public async Task<UpstreamReply> HandleAsync(UserEvent userEvent, CancellationToken cancellationToken)
    {
        if (userEvent.Context.Participant is not { Role: RealtimeRole.Customer } customer)
        {
            return UpstreamReply.BadRequest("only the customer's page reports navigations");
        }

        if (PathOf(userEvent) is not { } path)
        {
            return UpstreamReply.BadRequest("navigated needs {\"path\":\"/…\"}");
        }

        if ((await sessions.GetAsync(customer.TenantId, customer.SessionId, cancellationToken))?.Value is not { } session || !session.State.IsActive())
        {
            return UpstreamReply.BadRequest("the session is not active");
        }

        // A page in a reload loop must not fill the timeline: refused reports are simply not recorded.
        var now = clock.GetUtcNow();
        if (!await throttle.TryPassAsync(customer.TenantId, customer.SessionId, now, cancellationToken))
        {
            return UpstreamReply.BadRequest("navigation not recorded: at most one per second and a limited number per session");
        }

        await timeline.RecordAsync(TimelineEvent.Navigation(session, path, now), cancellationToken);
        return UpstreamReply.NoContent;
    }

    private static string? PathOf(UserEvent userEvent)
    {
        if (userEvent.DataType != UserEventDataType.Json || userEvent.Data.Length is 0 or > MaxPayloadBytes)
        {
            return null;
        }

        try
        {
            using var json = StrictJson.Parse(userEvent.Data);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String
                    ? PagePath.Normalize(path.GetString())
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
