using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace CoBrowse.Relay.Tests.Attacks;

/// <summary>
/// An attacker holds a token signed with the access key but minted for something else (a REST call, another hub,
/// another service host) or with claims of the wrong type, and opens a client socket with it. As with Azure Web
/// PubSub, the token's audience must name this relay's client endpoint for this hub; anything else is a 401 before
/// the upgrade.
/// </summary>
public sealed class ClientEndpointTokenAttackTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task Tokens_for_another_audience_or_with_malformed_claims_are_refused_before_the_upgrade()
    {
        var authority = _relay.Url.Authority;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Signed(Action<JsonObject> change)
        {
            var claims = new JsonObject
            {
                ["aud"] = _relay.ClientAudience, ["iat"] = now, ["exp"] = now + 3600, ["sub"] = "mallory",
                ["role"] = new JsonArray("webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"),
            };
            change(claims);
            return HmacJwt.Sign(claims, RelayHost.Key);
        }

        var tokens = new Dictionary<string, string>
        {
            ["a REST token the server signed for a send"] = RelayHost.RestToken(_relay.RestUrl("/groups/s.1.ctl/:send").AbsoluteUri),
            ["another hub"] = Signed(c => c["aud"] = $"http://{authority}/client/hubs/otherhub"),
            ["another host"] = Signed(c => c["aud"] = $"http://other.example:{_relay.Url.Port}/client/hubs/{RelayHost.Hub}"),
            ["another port"] = Signed(c => c["aud"] = $"http://{_relay.Url.Host}:1/client/hubs/{RelayHost.Hub}"),
            ["the ws scheme"] = Signed(c => c["aud"] = $"ws://{authority}/client/hubs/{RelayHost.Hub}"),
            ["the https scheme"] = Signed(c => c["aud"] = $"https://{authority}/client/hubs/{RelayHost.Hub}"),
            ["a longer path"] = Signed(c => c["aud"] = $"{_relay.ClientAudience}/extra"),
            ["the MQTT endpoint"] = Signed(c => c["aud"] = $"http://{authority}/clients/mqtt/hubs/{RelayHost.Hub}"),
            ["two trailing slashes"] = Signed(c => c["aud"] = _relay.ClientAudience + "//"),
            ["the service origin only"] = Signed(c => c["aud"] = $"http://{authority}/"),
            ["no aud"] = Signed(c => c.Remove("aud")),
            ["aud as an array naming the endpoint"] = Signed(c => c["aud"] = new JsonArray(_relay.ClientAudience)),
            ["exp as a string"] = Signed(c => c["exp"] = $"{now + 3600}"),
            ["nbf as a string"] = Signed(c => c["nbf"] = $"{now}"),
            ["iat as a string"] = Signed(c => c["iat"] = $"{now}"),
        };

        var failures = new List<string>();
        foreach (var (name, token) in tokens)
        {
            var status = await UpgradeStatusAsync(_relay.ClientUrl(token));
            var viaHeader = await UpgradeStatusAsync(new Uri($"ws://{authority}/client/hubs/{RelayHost.Hub}"), bearer: token);
            var viaHubQuery = await UpgradeStatusAsync(new Uri($"ws://{authority}/client/?hub={RelayHost.Hub}&access_token={token}"));
            if (status != HttpStatusCode.Unauthorized || viaHeader != HttpStatusCode.Unauthorized || viaHubQuery != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name}: query {(int)status}, header {(int)viaHeader}, /client?hub= {(int)viaHubQuery}");
            }
        }

        Assert.True(failures.Count == 0, "tokens for something else opened a socket:\n" + string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, "/users/mallory")).StatusCode);
    }

    [Fact]
    public async Task The_endpoints_audience_passes_in_any_case_and_with_one_trailing_slash()
    {
        var audiences = new[]
        {
            _relay.ClientAudience,
            _relay.ClientAudience.ToUpperInvariant(),
            _relay.ClientAudience + "/",
        };

        foreach (var audience in audiences)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var token = HmacJwt.Sign(new JsonObject { ["aud"] = audience, ["exp"] = now + 3600, ["sub"] = "alice" }, RelayHost.Key);
            await using var client = await TestClient.OpenAsync(_relay.ClientUrl(token), ClientProtocols.Json);

            Assert.Equal("alice", (string?)(await client.ConnectedAsync())["userId"]);
        }
    }

    private static async Task<HttpStatusCode> UpgradeStatusAsync(Uri url, string? bearer = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ClientProtocols.ReliableJson);
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        try
        {
            await socket.ConnectAsync(url, CancellationToken.None);
            socket.Abort();
        }
        catch (WebSocketException)
        {
        }

        return socket.HttpStatusCode;
    }
}
