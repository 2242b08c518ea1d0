using System.Text.Json;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>A supervisor's way into the live group: the WebSocket URL and what it hears.</summary>
public sealed record LiveAccess(string Url, DateTimeOffset ExpiresAt, string Hub, string Group, string UserId);

public interface ILiveAccessMinter
{
    Task<LiveAccess> MintAsync(LiveSubscriber subscriber, CancellationToken cancellationToken);
}

/// <summary>
/// Client tokens for the live group, minted like <see cref="ClientAccessTokenMinter"/>'s: no roles at all (nobody may
/// send to the live group or join another), and exactly one group, this tenant's.
/// </summary>
public sealed class LiveAccessMinter(WebPubSubConnection service, WebPubSubRestClient rest, TimeProvider clock, TimeSpan lifetime) : ILiveAccessMinter
{
    public async Task<LiveAccess> MintAsync(LiveSubscriber subscriber, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + lifetime;
        var token = service.Authorizer is AccessKeyAuthorizer key
            ? Hs256Jwt.Sign(key.AccessKey, writer =>
            {
                writer.WriteString("aud", ClientAccessTokenMinter.Audience(service));
                writer.WriteNumber("iat", now.ToUnixTimeSeconds());
                writer.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
                writer.WriteString("sub", subscriber.UserId);
                writer.WriteStartArray("role");
                writer.WriteEndArray();
                writer.WriteStartArray("webpubsub.group");
                writer.WriteStringValue(subscriber.Group);
                writer.WriteEndArray();
            })
            : await rest.GenerateClientTokenAsync(subscriber.UserId, [], [subscriber.Group], (int)Math.Ceiling(lifetime.TotalMinutes), cancellationToken);
        var url = $"{WebPubSubEndpoint.ClientBase(service.Endpoint)}/client/hubs/{Uri.EscapeDataString(service.Hub)}?access_token={token}";
        return new LiveAccess(url, expiresAt, service.Hub, subscriber.Group, subscriber.UserId);
    }
}

/// <summary>Realtime is off: live negotiate answers 503 like the session negotiate.</summary>
public sealed class DisabledLiveAccessMinter : ILiveAccessMinter
{
    public Task<LiveAccess> MintAsync(LiveSubscriber subscriber, CancellationToken cancellationToken) =>
        throw CoBrowseProblemException.Unavailable("Realtime is not configured: set CoBrowse:WebPubSub:ConnectionString or CoBrowse:WebPubSub:Endpoint.");
}
