using System.Text.Json.Nodes;

namespace CoBrowse.Relay.Tests.Attacks;

/// <summary>
/// A client names its user event so that the relay's signed CloudEvent lands somewhere else on the event handler's
/// host: dot segments, a query, a fragment in the <c>{event}</c> part of the handler URL. The name must stay one
/// escaped path segment of the configured template, and a name that cannot travel in a <c>ce-*</c> header is refused
/// without calling the handler.
/// </summary>
public sealed class UpstreamEventNameAttackTests : RelayWithUpstream
{
    [Theory]
    [InlineData("../../elsewhere")]
    [InlineData("x?code=stolen")]
    [InlineData("x#fragment")]
    [InlineData("a/b")]
    public async Task An_event_name_stays_one_segment_of_the_handler_url(string eventName)
    {
        await using var client = await Relay.ConnectAsync("mallory");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = eventName, ["ackId"] = 1, ["dataType"] = "text", ["data"] = "x" });
        var ack = await client.AckAsync(1);
        var recorded = await Upstream.NextAsync(eventName);

        Assert.True((bool)ack["success"]!, ack.ToJsonString());
        Assert.Equal($"/upstream/cobrowse/{eventName}", Uri.UnescapeDataString(recorded.Path)); // the handler's route takes one segment only
        Assert.Equal("azure.webpubsub.user." + eventName, recorded.Headers["ce-type"]);
    }

    [Theory]
    [InlineData("x\r\nce-userId: admin")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\there")]
    public async Task A_name_that_cannot_be_a_header_value_is_a_BadRequest_and_never_reaches_the_handler(string eventName)
    {
        await using var client = await Relay.ConnectAsync("mallory");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = eventName, ["ackId"] = 1, ["dataType"] = "text", ["data"] = "x" });
        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "marker", ["ackId"] = 2, ["dataType"] = "text", ["data"] = "x" });
        var refused = await client.AckAsync(1);
        await client.AckAsync(2);
        var reachedTheHandler = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (reachedTheHandler.LastOrDefault() != "marker")
        {
            reachedTheHandler.Add((await Upstream.Events.Reader.ReadAsync(timeout.Token)).EventName);
        }

        Assert.Equal("BadRequest", (string?)refused["error"]!["name"]);
        Assert.DoesNotContain(eventName, reachedTheHandler);
    }
}
