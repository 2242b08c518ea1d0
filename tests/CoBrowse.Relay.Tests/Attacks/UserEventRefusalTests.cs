using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Relay.Tests.Attacks;

/// <summary>
/// A client sends user events the event handler refuses (an unknown event, one it may not send). The refusal must come
/// back as a refusal that says why (the handler's own words), not as <c>InternalServerError</c>, which clients read as
/// a transient outage worth retrying; real failures (5xx, timeouts) stay <c>InternalServerError</c>. The connection
/// stays open either way.
/// </summary>
public sealed class UserEventRefusalTests : RelayWithUpstream
{
    protected override void Configure(RelayOptions options) => options.UpstreamTimeout = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(400, "unknown event 'wipe'", "BadRequest")]
    [InlineData(404, "no handler for 'wipe'", "BadRequest")]
    [InlineData(413, "too large", "BadRequest")]
    [InlineData(401, "not a cobrowse connection", "Forbidden")]
    [InlineData(403, "a watching supervisor is not a participant", "Forbidden")]
    public async Task A_refused_event_is_acked_as_a_refusal_with_the_handlers_reason(int status, string reason, string expected)
    {
        Upstream.Respond = async (e, response) =>
        {
            if (e.EventName == "wipe")
            {
                response.StatusCode = status;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(reason);
            }
        };
        await using var client = await Relay.ConnectAsync("mallory");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "wipe", ["ackId"] = 1, ["dataType"] = "json", ["data"] = new JsonObject() });
        var ack = await client.AckAsync(1);

        Assert.False((bool)ack["success"]!);
        Assert.Equal(expected, (string?)ack["error"]!["name"]);
        Assert.Equal(reason, (string?)ack["error"]!["message"]);
        await client.SendAsync(new JsonObject { ["type"] = "ping" });
        Assert.Equal("pong", (string?)(await client.NextOfTypeAsync("pong"))["type"]);
    }

    [Fact]
    public async Task A_refusal_without_a_body_still_says_it_was_refused_and_a_long_reason_is_cut()
    {
        Upstream.Respond = async (e, response) =>
        {
            if (e.EventName is "silent" or "long")
            {
                response.StatusCode = 400;
            }

            if (e.EventName == "long")
            {
                await response.WriteAsync("x" + string.Concat(Enumerable.Repeat("\U0001F600", 5_000))); // a pair would straddle the cut
            }
        };
        await using var client = await Relay.ConnectAsync("mallory");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "silent", ["ackId"] = 1, ["dataType"] = "text", ["data"] = "x" });
        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "long", ["ackId"] = 2, ["dataType"] = "text", ["data"] = "x" });
        var silent = await client.AckAsync(1);
        var longReason = await client.AckAsync(2);

        Assert.Equal("BadRequest", (string?)silent["error"]!["name"]);
        Assert.Contains("400", (string?)silent["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal("BadRequest", (string?)longReason["error"]!["name"]);
        Assert.InRange(((string?)longReason["error"]!["message"])!.Length, 500, 512);
        Assert.EndsWith("\U0001F600", (string?)longReason["error"]!["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task A_failing_or_overloaded_handler_is_still_an_InternalServerError(int status)
    {
        Upstream.Respond = async (e, response) =>
        {
            if (e.EventName == "activity")
            {
                response.StatusCode = status;
                await response.WriteAsync("stack trace the client must not see");
            }
        };
        await using var client = await Relay.ConnectAsync("alice");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "activity", ["ackId"] = 1, ["dataType"] = "json", ["data"] = new JsonObject() });
        var ack = await client.AckAsync(1);

        Assert.Equal("InternalServerError", (string?)ack["error"]!["name"]);
        Assert.Equal("Internal server error", (string?)ack["error"]!["message"]);
    }

    [Fact]
    public async Task A_handler_that_times_out_is_an_InternalServerError()
    {
        Upstream.Respond = async (e, _) =>
        {
            if (e.EventName == "slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        };
        await using var client = await Relay.ConnectAsync("alice");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "slow", ["ackId"] = 1, ["dataType"] = "json", ["data"] = new JsonObject() });

        Assert.Equal("InternalServerError", (string?)(await client.AckAsync(1))["error"]!["name"]);
    }
}
