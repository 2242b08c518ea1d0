using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.Relay;

/// <summary>The REST data-plane subset under <c>/api/hubs/{hub}</c>, with exactly the status codes the JS SDK expects
/// (sends 202, add/grant 200, remove/close/revoke 204, HEAD checks 200/404).</summary>
public static class RestApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/api/health", ["HEAD", "GET"], () => Results.Ok());

        var api = endpoints.MapGroup("/api/hubs/{hub}").AddEndpointFilter(AuthorizeAsync).AddEndpointFilter(ValidateGroupNamesAsync);

        api.MapPost("/:send", async (HttpRequest request, RelayHub hub, [FromQuery] string[]? excluded) =>
            await WithPayloadAsync(request, payload => hub.SendToAll(new DataMessage(null, null, payload), excluded)));
        api.MapPost("/users/{userId}/:send", async (HttpRequest request, RelayHub hub, string userId) =>
            await WithPayloadAsync(request, payload => hub.SendToUser(userId, new DataMessage(null, null, payload))));
        api.MapPost("/connections/{connectionId}/:send", async (HttpRequest request, RelayHub hub, string connectionId) =>
            await WithPayloadAsync(request, payload => hub.Find(connectionId)?.Send(new DataMessage(null, null, payload))));
        api.MapPost("/groups/{group}/:send", async (HttpRequest request, RelayHub hub, string group, [FromQuery] string[]? excluded) =>
            await WithPayloadAsync(request, payload => hub.SendToGroup(group, new DataMessage(group, null, payload), excluded)));

        api.MapPut("/groups/{group}/connections/{connectionId}", (RelayHub hub, string group, string connectionId) =>
        {
            if (hub.Find(connectionId) is not { } connection)
            {
                return Error(StatusCodes.Status404NotFound, "NotFound", $"Connection id '{connectionId}' doesn't exist.");
            }

            hub.Join(connection, group);
            return Results.Ok();
        });
        api.MapDelete("/groups/{group}/connections/{connectionId}", (RelayHub hub, string group, string connectionId) =>
        {
            if (hub.Find(connectionId) is { } connection)
            {
                hub.Leave(connection, group);
            }

            return Results.NoContent();
        });
        api.MapDelete("/connections/{connectionId}/groups", (RelayHub hub, string connectionId) =>
        {
            if (hub.Find(connectionId) is { } connection)
            {
                hub.LeaveAll(connection);
            }

            return Results.NoContent();
        });
        api.MapPut("/users/{userId}/groups/{group}", (RelayHub hub, string userId, string group) =>
        {
            var connections = hub.OfUser(userId).ToList();
            if (connections.Count == 0)
            {
                return Error(StatusCodes.Status404NotFound, "NotFound", $"User '{userId}' has no connections.");
            }

            connections.ForEach(c => hub.Join(c, group));
            return Results.Ok();
        });
        api.MapDelete("/users/{userId}/groups/{group}", (RelayHub hub, string userId, string group) =>
        {
            hub.OfUser(userId).ToList().ForEach(c => hub.Leave(c, group));
            return Results.NoContent();
        });
        api.MapDelete("/users/{userId}/groups", (RelayHub hub, string userId) =>
        {
            hub.OfUser(userId).ToList().ForEach(hub.LeaveAll);
            return Results.NoContent();
        });
        api.MapGet("/groups/{group}/connections", (RelayHub hub, string group) =>
            Results.Ok(new { value = hub.InGroup(group).Select(c => new { connectionId = c.Id, userId = c.UserId }) }));

        api.MapDelete("/connections/{connectionId}", (RelayHub hub, string connectionId, string? reason) =>
        {
            hub.Find(connectionId)?.Close(reason);
            return Results.NoContent();
        });
        api.MapPost("/:closeConnections", (RelayHub hub, [FromQuery] string[]? excluded, string? reason) =>
        {
            RelayHub.CloseAll(hub.All, reason, excluded);
            return Results.NoContent();
        });
        api.MapPost("/groups/{group}/:closeConnections", (RelayHub hub, string group, [FromQuery] string[]? excluded, string? reason) =>
        {
            RelayHub.CloseAll(hub.InGroup(group), reason, excluded);
            return Results.NoContent();
        });
        api.MapPost("/users/{userId}/:closeConnections", (RelayHub hub, string userId, [FromQuery] string[]? excluded, string? reason) =>
        {
            RelayHub.CloseAll(hub.OfUser(userId), reason, excluded);
            return Results.NoContent();
        });

        api.MapMethods("/connections/{connectionId}", ["HEAD"], (RelayHub hub, string connectionId) => Exists(hub.Find(connectionId) is not null));
        api.MapMethods("/groups/{group}", ["HEAD"], (RelayHub hub, string group) => Exists(hub.GroupExists(group)));
        api.MapMethods("/users/{userId}", ["HEAD"], (RelayHub hub, string userId) => Exists(hub.OfUser(userId).Any()));

        api.MapPut("/permissions/{permission}/connections/{connectionId}", (RelayHub hub, string permission, string connectionId, string? targetName) =>
            WithPermission(permission, targetName, () =>
            {
                if (hub.Find(connectionId) is not { } connection)
                {
                    return Error(StatusCodes.Status404NotFound, "NotFound", $"Connection id '{connectionId}' doesn't exist.");
                }

                connection.Permissions.Grant(permission, targetName);
                return Results.Ok();
            }));
        api.MapDelete("/permissions/{permission}/connections/{connectionId}", (RelayHub hub, string permission, string connectionId, string? targetName) =>
            WithPermission(permission, targetName, () =>
            {
                hub.Find(connectionId)?.Permissions.Revoke(permission, targetName);
                return Results.NoContent();
            }));
        api.MapMethods("/permissions/{permission}/connections/{connectionId}", ["HEAD"], (RelayHub hub, string permission, string connectionId, string? targetName) =>
            WithPermission(permission, targetName, () => Exists(hub.Find(connectionId)?.Permissions.Allows(permission, targetName) == true)));

        api.MapPost("/:generateToken", (HttpRequest request, RelayOptions options, TimeProvider clock, string? userId, [FromQuery] string[]? role, [FromQuery] string[]? group, int? minutesToExpire) =>
        {
            var now = clock.GetUtcNow();
            var claims = new JsonObject
            {
                ["aud"] = TokenAudience.ClientEndpoint(request, options.Hub),
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.AddMinutes(Math.Max(1, minutesToExpire ?? 60)).ToUnixTimeSeconds(),
            };
            if (!string.IsNullOrEmpty(userId))
            {
                claims["sub"] = userId;
            }

            if (role is { Length: > 0 })
            {
                claims["role"] = new JsonArray([.. role.Select(r => JsonValue.Create(r))]);
            }

            if (group is { Length: > 0 })
            {
                claims["webpubsub.group"] = new JsonArray([.. group.Select(g => JsonValue.Create(g))]);
            }

            return Results.Ok(new { token = HmacJwt.Sign(claims, options.AccessKeys[0]) });
        });
    }

    /// <summary>Bearer JWT signed with an access key, not expired, and signed for exactly this request URL (so a client
    /// access token, or a REST token seen on another call, is 401). Unknown hubs are 404, a filter 400.</summary>
    private static async ValueTask<object?> AuthorizeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var options = services.GetRequiredService<RelayOptions>();
        var authorization = http.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        if (HmacJwt.Validate(token, options.AccessKeys, services.GetRequiredService<TimeProvider>().GetUtcNow(),
            audience => TokenAudience.NamesRestRequest(audience, http.Request)) is null)
        {
            return Error(StatusCodes.Status401Unauthorized, "Unauthorized", "The bearer token is missing, invalid, expired or not signed for this request URL.");
        }

        if (!services.GetRequiredService<RelayHub>().Serves(http.GetRouteValue("hub")?.ToString() ?? ""))
        {
            return Error(StatusCodes.Status404NotFound, "NotFound", "Unknown hub.");
        }

        if (http.Request.Query.ContainsKey("filter"))
        {
            return Error(StatusCodes.Status400BadRequest, "BadRequest", "OData filters are not supported by the local relay.");
        }

        return await next(context);
    }

    /// <summary>A group the service could never hold (empty, all whitespace, over 1,024 characters) is a 400 on every
    /// route that names one, in the path or in <c>:generateToken</c>'s <c>group</c>.</summary>
    private static async ValueTask<object?> ValidateGroupNamesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var named = http.GetRouteValue("group") is { } group ? [group.ToString()] : Array.Empty<string?>();
        var generated = http.Request.Path.Value?.EndsWith("/:generateToken", StringComparison.Ordinal) == true ? http.Request.Query["group"].ToArray() : [];
        return named.Concat(generated).All(ClientMessageHandler.IsValidGroupName)
            ? await next(context)
            : Error(StatusCodes.Status400BadRequest, "BadRequest", "A group name must have 1 to 1024 characters and not be all whitespace.");
    }

    private static async Task<IResult> WithPayloadAsync(HttpRequest request, Action<Payload> send)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        if (Payload.FromBody(request.ContentType, body.ToArray()) is not { } payload)
        {
            return Error(StatusCodes.Status400BadRequest, "BadRequest", "The body must be text/plain, application/json or application/octet-stream.");
        }

        send(payload);
        return Results.Accepted();
    }

    private static IResult WithPermission(string permission, string? targetName, Func<IResult> action) =>
        !Permissions.IsPermissionName(permission) ? Error(StatusCodes.Status400BadRequest, "BadRequest", $"Unknown permission '{permission}'.")
        : targetName is not null && !ClientMessageHandler.IsValidGroupName(targetName) ? Error(StatusCodes.Status400BadRequest, "BadRequest", "Invalid targetName.")
        : action();

    private static IResult Exists(bool exists) => Results.StatusCode(exists ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);

    private static IResult Error(int status, string code, string message) => Results.Json(new { code, message }, statusCode: status);
}
