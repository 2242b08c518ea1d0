using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;
using static CoBrowse.Infrastructure.Tests.WebPubSub.FakeSessionStore;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

/// <summary>State frames go to s.{sid}.state as JSON in the shape of web/src/protocol/session.ts.</summary>
public class SessionStatePublisherTests
{
    [Fact]
    public async Task AnEndIsSentToTheStateGroupWithReasonActorAndCamelCaseNames()
    {
        var (rest, handler) = RestClient();
        handler.Respond(HttpStatusCode.Accepted);
        var ended = NewSession("acme", "s1", SessionState.Ended) with { Version = 7, EndReason = EndReason.InteractionTransferred, UpdatedAt = Now };

        await new WebPubSubSessionStatePublisher(rest).PublishAsync(ended, SessionTrigger.Ended, Actor.System, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/hubs/cobrowse/groups/s.s1.state/:send", request.Url.AbsolutePath);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        var frame = JsonNode.Parse(Encoding.UTF8.GetString(request.Body!))!.AsObject();
        Assert.Equal(
            ["v", "t", "sessionId", "state", "version", "change", "by", "endReason", "at"],
            frame.Select(p => p.Key));
        Assert.Equal(1, frame["v"]!.GetValue<int>());
        Assert.Equal("session", frame["t"]!.GetValue<string>());
        Assert.Equal("ended", frame["state"]!.GetValue<string>());
        Assert.Equal(7, frame["version"]!.GetValue<int>());
        Assert.Equal("interactionTransferred", frame["endReason"]!.GetValue<string>());
        Assert.Equal("system", frame["by"]!["kind"]!.GetValue<string>());
        Assert.Equal("cobrowse", frame["by"]!["id"]!.GetValue<string>());
        Assert.Equal(Now, DateTimeOffset.Parse(frame["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ARequestCarriesTheRequestingAgentAndNoEndReason()
    {
        var (rest, handler) = RestClient();
        handler.Respond(HttpStatusCode.Accepted);
        var requested = NewSession("acme", "s1", SessionState.ControlRequested, "alice");

        await new WebPubSubSessionStatePublisher(rest).PublishAsync(requested, SessionTrigger.ControlRequested, Actor.Agent("alice"), CancellationToken.None);

        var frame = JsonNode.Parse(Encoding.UTF8.GetString(Assert.Single(handler.Requests).Body!))!;
        Assert.Equal("controlRequested", frame["state"]!.GetValue<string>());
        Assert.Equal("controlRequested", frame["change"]!.GetValue<string>());
        Assert.Equal("alice", frame["controlAgentId"]!.GetValue<string>());
        Assert.Equal("agent", frame["by"]!["kind"]!.GetValue<string>());
        Assert.Null(frame["endReason"]);
    }
}
