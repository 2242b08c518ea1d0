using System.Text.Json;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>A client's way in: the WebSocket URL with its token, and what it means.</summary>
public sealed record ClientAccess(string Url, DateTimeOffset ExpiresAt, string Hub, string UserId, SessionGroupNames Groups);

/// <summary>Mints client access URLs for session participants (negotiate).</summary>
public interface IClientAccessMinter
{
    Task<ClientAccess> MintAsync(RealtimeParticipant participant, CancellationToken cancellationToken);
}

/// <summary>
/// Client access tokens as the JS SDK makes them: HS256 with the access key, aud
/// <c>{http(s) endpoint}/client/hubs/{hub}</c>, sub = user id, role and webpubsub.group arrays, plus our cb.*
/// claims; the URL is <c>ws(s)://host[:port]/client/hubs/{hub}?access_token=…</c>. With managed identity there is
/// no key, so the service mints the token (REST <c>:generateToken</c>, without custom claims).
/// Roles are always the narrow group-scoped ones from <see cref="SessionGroups"/>.
/// </summary>
public sealed class ClientAccessTokenMinter(WebPubSubConnection service, WebPubSubRestClient rest, TimeProvider clock, TimeSpan lifetime) : IClientAccessMinter
{
    public async Task<ClientAccess> MintAsync(RealtimeParticipant participant, CancellationToken cancellationToken)
    {
        var roles = SessionGroups.RolesFor(participant.Role, participant.SessionId);
        var groups = SessionGroups.GroupsFor(participant.Role, participant.SessionId);
        var now = clock.GetUtcNow();
        var expiresAt = now + lifetime;
        var token = service.Authorizer is AccessKeyAuthorizer key
            ? Sign(key.AccessKey, participant, roles, groups, now, expiresAt)
            : await rest.GenerateClientTokenAsync(participant.UserId, roles, groups, (int)Math.Ceiling(lifetime.TotalMinutes), cancellationToken);
        var url = $"{WebPubSubEndpoint.ClientBase(service.Endpoint)}/client/hubs/{Uri.EscapeDataString(service.Hub)}?access_token={token}";
        return new ClientAccess(url, expiresAt, service.Hub, participant.UserId, SessionGroups.For(participant.SessionId));
    }

    public static string Audience(WebPubSubConnection service) => $"{service.Endpoint.AbsoluteUri}client/hubs/{Uri.EscapeDataString(service.Hub)}";

    private string Sign(string accessKey, RealtimeParticipant participant, IReadOnlyList<string> roles, IReadOnlyList<string> groups, DateTimeOffset now, DateTimeOffset expiresAt) =>
        Hs256Jwt.Sign(accessKey, writer =>
        {
            writer.WriteString("aud", Audience(service));
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            writer.WriteString("sub", participant.UserId);
            WriteArray(writer, "role", roles);
            WriteArray(writer, "webpubsub.group", groups);
            writer.WriteString(RealtimeClaims.TenantId, participant.TenantId);
            writer.WriteString(RealtimeClaims.SessionId, participant.SessionId);
            writer.WriteString(RealtimeClaims.Role, RealtimeClaims.RoleName(participant.Role));
        });

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
