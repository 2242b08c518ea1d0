using System.Net;
using System.Text.Json.Nodes;

namespace CoBrowse.Relay.Tests;

public sealed class SlowConsumerTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync(o =>
    {
        o.MaxOutboundFrames = 32;
        o.MaxUnackedMessages = 50;
    });

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_consumer_that_stops_reading_is_closed_without_stalling_another_receiver()
    {
        await using var slow = await _relay.ConnectAsync("slow", groups: ["s.1.view"], read: false);
        await using var fast = await _relay.ConnectAsync("fast", groups: ["s.1.view"]);
        await using var sender = await _relay.ConnectAsync("customer", roles: ["webpubsub.sendToGroup.s.1.view"]);
        var chunk = new string('x', 128 * 1024);
        const int count = 300; // ~38 MB: more than the slow socket's TCP buffers plus its queue of 32 frames

        // Paced by the fast receiver, so only the slow one ever has a backlog.
        for (var i = 0; i < count; i++)
        {
            await sender.SendAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = "s.1.view", ["dataType"] = "text", ["data"] = $"{i}:{chunk}" });
            var message = await fast.NextAsync();
            Assert.StartsWith($"{i}:", (string)message["data"]!, StringComparison.Ordinal);
        }

        await ReliableProtocolTests.WaitUntilAsync(async () =>
            (await _relay.RestAsync(HttpMethod.Head, $"/connections/{slow.ConnectionId}")).StatusCode == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reliable_consumer_that_never_acknowledges_is_closed_when_its_buffer_overflows()
    {
        await using var lazy = await _relay.ConnectAsync("lazy", groups: ["g"], reliable: true);
        await using var other = await _relay.ConnectAsync("other", groups: ["g"]);

        for (var i = 0; i < 60; i++)
        {
            await _relay.RestAsync(HttpMethod.Post, "/groups/g/:send", RelayHost.Text($"m{i}"));
        }

        await lazy.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{lazy.ConnectionId}")).StatusCode);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal($"m{i}", (string?)(await other.NextAsync())["data"]);
        }
    }
}
