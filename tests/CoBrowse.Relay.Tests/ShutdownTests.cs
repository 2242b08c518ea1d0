using System.Diagnostics;
using System.Net.WebSockets;

namespace CoBrowse.Relay.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_closes_open_connections_instead_of_waiting_for_them()
    {
        var relay = await RelayHost.StartAsync();
        await using var client = await relay.ConnectAsync("alice", reliable: true);
        var watch = Stopwatch.StartNew();

        await relay.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {watch.Elapsed}");
        Assert.Equal("disconnected", (string?)(await client.NextAsync())["event"]);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
    }
}
