using CoBrowse.Infrastructure.WebPubSub;

namespace CoBrowse.Functions.Observability;

/// <summary>
/// The logging scope of one upstream event: the operation, event, connection and correlation id from the signed
/// <c>ce-*</c> headers, then the tenant and session of the participant (from the connection state the connect
/// handler stored, or for connect itself from the validated token's claims; never the token).
/// </summary>
public static class UpstreamLogScope
{
    public static LogScope For(HttpRequest request) => new LogScope()
        .Set("Operation", RequestLogScope.OperationOf(request.HttpContext))
        .Set("EventName", request.Headers["ce-eventName"].FirstOrDefault())
        .Set("ConnectionId", request.Headers["ce-connectionId"].FirstOrDefault())
        .Set("CorrelationId", LogScope.CorrelationIdFrom(request.Headers["traceparent"].FirstOrDefault(), request.Headers["ce-id"].FirstOrDefault()));

    public static void AddParticipant(LogScope scope, UpstreamEvent upstreamEvent)
    {
        var participant = upstreamEvent switch
        {
            ConnectEvent connect => RealtimeParticipant.FromClaims(connect.Claims),
            _ => upstreamEvent.Context.Participant,
        };
        if (participant is not null)
        {
            scope.Set("TenantId", participant.TenantId).Set("SessionId", participant.SessionId).Set("Role", participant.Role.ToString());
        }
        else if (upstreamEvent is ConnectEvent { Claims: var claims } && LiveSubscriber.FromClaims(claims) is { } live)
        {
            scope.Set("TenantId", live.TenantId);
        }
    }
}
