using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Relay;

/// <summary>The client WebSocket endpoint: recovery of reliable connections, or token validation (signature, lifetime,
/// and an audience naming this endpoint: <see cref="TokenAudience"/>), the upstream <c>connect</c> event and the upgrade
/// with the chosen subprotocol echoed, then the <c>connected</c> frame first.</summary>
public sealed class ClientEndpoint(RelayHub hub, UpstreamClient upstream, ClientMessageHandler handler, RelayOptions options, TimeProvider clock)
{
    private static readonly HashSet<string> HiddenHeaders = new(["Authorization", "Cookie"], StringComparer.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext context, string hubName)
    {
        if (!hub.Serves(hubName))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var subprotocol = ClientProtocols.Choose(offered);
        var query = context.Request.Query;
        if (query.ContainsKey("awps_connection_id"))
        {
            // Recovery comes first and needs no access token: it may have expired; the reconnection token proves the session.
            await RecoverAsync(context, subprotocol, query["awps_connection_id"].ToString(), query["awps_reconnection_token"].ToString());
            return;
        }

        var claims = HmacJwt.Validate(AccessToken(context.Request), options.AccessKeys, clock.GetUtcNow(),
            audience => TokenAudience.NamesClientEndpoint(audience, context.Request, hub.Name));
        if (claims is not { } validClaims)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var userId = HmacJwt.StringOrArray(validClaims, "sub").FirstOrDefault() ?? HmacJwt.StringOrArray(validClaims, "nameid").FirstOrDefault();
        IReadOnlyList<string> roles = HmacJwt.StringOrArray(validClaims, "role");
        var groups = HmacJwt.StringOrArray(validClaims, "webpubsub.group");
        if (!groups.All(ClientMessageHandler.IsValidGroupName))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var connectionId = RelayConnection.NewId();
        var origin = context.Request.Host.Host;
        string? state = null;
        if (upstream.Enabled)
        {
            var outcome = await upstream.ConnectAsync(connectionId, userId, origin, validClaims,
                query.Where(q => q.Key != "access_token").ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray()),
                context.Request.Headers.Where(h => !HiddenHeaders.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray()),
                [.. offered], context.RequestAborted);
            if (outcome.RejectStatus is { } status)
            {
                context.Response.StatusCode = (int)status;
                return;
            }

            userId = outcome.OverridesUserId ? outcome.UserId : userId;
            roles = outcome.Roles ?? roles;
            groups = outcome.Groups ?? groups;
            subprotocol = outcome.Subprotocol is { } chosen && offered.Contains(chosen) && ClientProtocols.Choose([chosen]) is not null ? chosen : subprotocol;
            state = outcome.State;
        }

        if (subprotocol is null)
        {
            // Simple (no-subprotocol) clients are not supported by this relay.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol });
        var connection = hub.Create(connectionId, userId, roles, subprotocol, origin);
        connection.UpstreamState = state;
        connection.SendControl(Frames.Connected(userId, connectionId, connection.ReconnectionToken));
        hub.Register(connection);
        foreach (var group in groups)
        {
            hub.Join(connection, group);
        }

        upstream.Connected(connection);
        await connection.ServeAsync(socket, handler.HandleAsync);
    }

    /// <summary>A recovery that cannot succeed still upgrades, then sends <c>disconnected</c> and closes with 1008,
    /// which stops the client's recovery loop at once (a refused upgrade would make it retry for 30 s).</summary>
    private async Task RecoverAsync(HttpContext context, string? subprotocol, string connectionId, string reconnectionToken)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol });
        var connection = hub.Find(connectionId);
        if (connection is not null && connection.CanRecover(reconnectionToken) && await connection.ServeAsync(socket, handler.HandleAsync))
        {
            return;
        }

        const string reason = "The connection could not be recovered.";
        try
        {
            await socket.SendAsync(Frames.Disconnected(reason), WebSocketMessageType.Text, true, context.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason, context.RequestAborted)
                .WaitAsync(TimeSpan.FromSeconds(5), context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The client went away first.
        }
    }

    private static string? AccessToken(HttpRequest request)
    {
        if (request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrEmpty(token))
        {
            return token.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
