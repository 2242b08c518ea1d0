using System.Net;
using System.Net.WebSockets;

namespace CoBrowse.Relay.Tests;

public sealed class TokenValidationTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_connection_without_a_token_is_refused_with_401_before_the_upgrade()
    {
        var status = await UpgradeStatusAsync(new Uri($"ws://{_relay.Url.Authority}/client/hubs/{RelayHost.Hub}"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401()
    {
        var token = _relay.Token("alice", lifetime: TimeSpan.FromMinutes(-10));

        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(_relay.ClientUrl(token)));
    }

    [Fact]
    public async Task A_token_that_expired_within_the_clock_skew_is_still_accepted()
    {
        var token = _relay.Token("alice", lifetime: TimeSpan.FromMinutes(-2));

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(_relay.ClientUrl(token)));
    }

    [Fact]
    public async Task A_token_signed_with_an_unknown_key_is_refused_with_401()
    {
        var token = _relay.Token("alice", key: "some-other-key-that-the-relay-does-not-know");

        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(_relay.ClientUrl(token)));
    }

    [Fact]
    public async Task A_forged_token_with_a_changed_payload_is_refused_with_401()
    {
        var genuine = _relay.Token("alice").Split('.');
        var elevated = _relay.Token("alice", roles: ["webpubsub.sendToGroup"]).Split('.');
        var forged = $"{genuine[0]}.{elevated[1]}.{genuine[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(_relay.ClientUrl(forged)));
    }

    [Fact]
    public async Task A_token_without_exp_is_refused_with_401()
    {
        var token = HmacJwt.Sign(new System.Text.Json.Nodes.JsonObject { ["sub"] = "alice" }, RelayHost.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(_relay.ClientUrl(token)));
    }

    [Fact]
    public async Task A_token_signed_with_the_secondary_key_connects_and_the_first_frame_is_connected()
    {
        var url = _relay.ClientUrl(_relay.Token("alice", key: RelayHost.SecondaryKey));
        await using var client = await TestClient.OpenAsync(url, ClientProtocols.ReliableJson);

        var connected = await client.ConnectedAsync();

        Assert.Equal(ClientProtocols.ReliableJson, client.Socket.SubProtocol);
        Assert.Equal("alice", (string?)connected["userId"]);
        Assert.False(string.IsNullOrEmpty(client.ConnectionId));
        Assert.False(string.IsNullOrEmpty(client.ReconnectionToken));
    }

    [Fact]
    public async Task The_token_can_also_come_as_a_bearer_header_and_the_json_protocol_has_no_reconnection_token()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ClientProtocols.Json);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _relay.Token());
        await socket.ConnectAsync(new Uri($"ws://{_relay.Url.Authority}/client/hubs/{RelayHost.Hub}"), CancellationToken.None);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var connected = System.Text.Json.Nodes.JsonNode.Parse(buffer.AsSpan(0, result.Count))!.AsObject();

        Assert.Equal(ClientProtocols.Json, socket.SubProtocol);
        Assert.Equal("connected", (string?)connected["event"]);
        Assert.Null((string?)connected["userId"]);
        Assert.False(connected.ContainsKey("reconnectionToken"));
    }

    [Fact]
    public async Task An_unknown_hub_is_404()
    {
        var url = new Uri($"ws://{_relay.Url.Authority}/client/hubs/otherhub?access_token={_relay.Token()}");

        Assert.Equal(HttpStatusCode.NotFound, await UpgradeStatusAsync(url));
    }

    private static async Task<HttpStatusCode> UpgradeStatusAsync(Uri url)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ClientProtocols.ReliableJson);
        socket.Options.CollectHttpResponseDetails = true;
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
