using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace CoBrowse.Relay.Tests;

public sealed class ReliableProtocolTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task Sequence_ids_start_at_1_and_count_up_across_groups_and_server_messages()
    {
        await using var client = await _relay.ConnectAsync("a", groups: ["g1", "g2"], reliable: true);

        await Send("/groups/g1/:send", "one");
        await Send("/groups/g2/:send", "two");
        await Send($"/connections/{client.ConnectionId}/:send", "three");

        Assert.Equal(1, (long)(await client.NextAsync())["sequenceId"]!);
        Assert.Equal(2, (long)(await client.NextAsync())["sequenceId"]!);
        Assert.Equal(3, (long)(await client.NextAsync())["sequenceId"]!);
    }

    [Fact]
    public async Task A_dropped_socket_recovers_every_unacknowledged_message_once_and_in_order()
    {
        var first = await _relay.ConnectAsync("a", groups: ["g"], reliable: true);
        for (var i = 1; i <= 5; i++)
        {
            await Send("/groups/g/:send", $"m{i}");
        }

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal($"m{i}", (string?)(await first.NextAsync())["data"]);
        }

        await first.SendAsync(new JsonObject { ["type"] = "sequenceAck", ["sequenceId"] = 3 });
        await first.SendAsync(new JsonObject { ["type"] = "ping" });
        await first.NextOfTypeAsync("pong"); // the ack was handled before the ping
        first.Socket.Abort(); // an abrupt drop, no close frame
        for (var i = 6; i <= 8; i++)
        {
            await Send("/groups/g/:send", $"m{i}");
        }

        var recoveryUrl = _relay.ClientUrl(_relay.Token("a"),
            $"awps_connection_id={first.ConnectionId}&awps_reconnection_token={Uri.EscapeDataString(first.ReconnectionToken!)}");
        await using var recovered = await TestClient.OpenAsync(recoveryUrl, ClientProtocols.ReliableJson);
        await Send("/groups/g/:send", "m9");

        var received = new List<JsonObject>();
        for (var i = 4; i <= 9; i++)
        {
            received.Add(await recovered.NextAsync());
        }

        Assert.Equal(["m4", "m5", "m6", "m7", "m8", "m9"], received.Select(m => (string?)m["data"]));
        Assert.Equal([4L, 5, 6, 7, 8, 9], received.Select(m => (long)m["sequenceId"]!));
        await recovered.SendAsync(new JsonObject { ["type"] = "ping" });
        await recovered.NextOfTypeAsync("pong");
        Assert.Empty(recovered.Untaken());
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{first.ConnectionId}")).StatusCode);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task A_recovery_that_takes_over_a_socket_the_relay_still_thinks_is_open_loses_nothing()
    {
        await using var first = await _relay.ConnectAsync("a", groups: ["g"], reliable: true);
        await Send("/groups/g/:send", "m1");
        Assert.Equal("m1", (string?)(await first.NextAsync())["data"]);

        var recoveryUrl = _relay.ClientUrl(_relay.Token("a"),
            $"awps_connection_id={first.ConnectionId}&awps_reconnection_token={Uri.EscapeDataString(first.ReconnectionToken!)}");
        await using var recovered = await TestClient.OpenAsync(recoveryUrl, ClientProtocols.ReliableJson);
        await Send("/groups/g/:send", "m2");

        Assert.Equal(1, (long)(await recovered.NextAsync())["sequenceId"]!);
        Assert.Equal(2, (long)(await recovered.NextAsync())["sequenceId"]!);
    }

    [Fact]
    public async Task A_recovery_with_a_wrong_token_gets_disconnected_and_a_1008_close()
    {
        await using var first = await _relay.ConnectAsync("a", reliable: true);

        var url = _relay.ClientUrl("expired-or-not", $"awps_connection_id={first.ConnectionId}&awps_reconnection_token=wrong");
        await using var attempt = await TestClient.OpenAsync(url, ClientProtocols.ReliableJson);

        Assert.Equal("disconnected", (string?)(await attempt.NextAsync())["event"]);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await attempt.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_client_close_frame_ends_the_connection_at_once()
    {
        var client = await _relay.ConnectAsync("a", reliable: true);

        await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(15));

        await WaitUntilAsync(async () => (await _relay.RestAsync(HttpMethod.Head, $"/connections/{client.ConnectionId}")).StatusCode == HttpStatusCode.NotFound);
        await client.DisposeAsync();
    }

    private async Task Send(string path, string text) =>
        Assert.Equal(HttpStatusCode.Accepted, (await _relay.RestAsync(HttpMethod.Post, path, RelayHost.Text(text))).StatusCode);

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(50);
        }
    }
}

public sealed class RecoveryWindowTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync(o => o.RecoveryWindow = TimeSpan.FromMilliseconds(300));

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_dropped_reliable_connection_is_gone_after_the_recovery_window()
    {
        var client = await _relay.ConnectAsync("a", reliable: true);

        client.Socket.Abort();

        await ReliableProtocolTests.WaitUntilAsync(async () =>
            (await _relay.RestAsync(HttpMethod.Head, $"/connections/{client.ConnectionId}")).StatusCode == HttpStatusCode.NotFound);
        var url = _relay.ClientUrl("x", $"awps_connection_id={client.ConnectionId}&awps_reconnection_token={Uri.EscapeDataString(client.ReconnectionToken!)}");
        await using var attempt = await TestClient.OpenAsync(url, ClientProtocols.ReliableJson);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await attempt.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
        await client.DisposeAsync();
    }
}
