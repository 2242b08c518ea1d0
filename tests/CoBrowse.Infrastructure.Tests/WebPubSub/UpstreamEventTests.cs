using System.Text;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static CoBrowse.Infrastructure.Tests.WebPubSub.FakeSessionStore;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

public class UpstreamEventTests
{
    private static HeaderDictionary Headers(string type, string eventName, string? state = null, string? userId = null)
    {
        var headers = new HeaderDictionary
        {
            ["ce-type"] = type,
            ["ce-hub"] = "cobrowse",
            ["ce-connectionId"] = "conn-1",
            ["ce-eventName"] = eventName,
            ["ce-subprotocol"] = "json.reliable.webpubsub.azure.v1",
        };
        if (state is not null)
        {
            headers[RealtimeConnectionState.Header] = state;
        }

        if (userId is not null)
        {
            headers["ce-userId"] = userId;
        }

        return headers;
    }

    private static ConnectEvent Connect(string claimsJson) => (ConnectEvent)UpstreamEventParser.Parse(
        Headers("azure.webpubsub.sys.connect", "connect"),
        "application/json; charset=utf-8",
        Encoding.UTF8.GetBytes($$"""{"claims":{{claimsJson}},"query":{"x":["1"]},"headers":{"Host":["h"]},"subprotocols":["json.reliable.webpubsub.azure.v1"]}"""));

    private static string CustomerClaims(string tenant = "acme", string sid = "s1") =>
        $$"""{"sub":["c:{{tenant}}:{{sid}}"],"role":["webpubsub.sendToGroup.s.{{sid}}.view"],"cb.tid":["{{tenant}}"],"cb.sid":["{{sid}}"],"cb.role":["customer"]}""";

    private static string AgentClaims(string agent = "alice", string tenant = "acme", string sid = "s1") =>
        $$"""{"sub":["a:{{tenant}}:{{agent}}"],"role":["webpubsub.sendToGroup.s.{{sid}}.guide"],"cb.tid":["{{tenant}}"],"cb.sid":["{{sid}}"],"cb.role":["agent"]}""";

    [Fact]
    public void AConnectEventCarriesClaimsQueryHeadersAndSubprotocols()
    {
        var e = Connect(CustomerClaims());

        Assert.Equal("conn-1", e.Context.ConnectionId);
        Assert.Equal(["acme"], e.Claims["cb.tid"]);
        Assert.Equal(["1"], e.Query["x"]);
        Assert.Equal(["h"], e.Headers["Host"]);
        Assert.Equal(["json.reliable.webpubsub.azure.v1"], e.Subprotocols);
    }

    [Fact]
    public void ASingleStringClaimCountsAsOneElementArray()
    {
        var e = Connect("""{"sub":"c:acme:s1"}""");

        Assert.Equal(["c:acme:s1"], e.Claims["sub"]);
    }

    [Fact]
    public void ConnectedAndDisconnectedEventsAreTypedWithTheReason()
    {
        var connected = UpstreamEventParser.Parse(Headers("azure.webpubsub.sys.connected", "connected", userId: "c:acme:s1"), "application/json", "{}"u8.ToArray());
        var disconnected = UpstreamEventParser.Parse(Headers("azure.webpubsub.sys.disconnected", "disconnected"), "application/json", """{"reason":"kicked"}"""u8.ToArray());

        Assert.Equal("c:acme:s1", Assert.IsType<ConnectedEvent>(connected).Context.UserId);
        Assert.Equal("kicked", Assert.IsType<DisconnectedEvent>(disconnected).Reason);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8", UserEventDataType.Json)]
    [InlineData("text/plain", UserEventDataType.Text)]
    [InlineData("application/octet-stream", UserEventDataType.Binary)]
    [InlineData(null, UserEventDataType.Binary)]
    public void AUserEventHasItsNameAndDataType(string? contentType, UserEventDataType expected)
    {
        var e = Assert.IsType<UserEvent>(UpstreamEventParser.Parse(Headers("azure.webpubsub.user.activity", "activity"), contentType, "{}"u8.ToArray()));

        Assert.Equal("activity", e.Name);
        Assert.Equal(expected, e.DataType);
    }

    [Fact]
    public void AnEventWithoutItsHeadersOrWithAnUnknownTypeIsMalformed()
    {
        var missing = new HeaderDictionary { ["ce-type"] = "azure.webpubsub.sys.connected" };

        Assert.Throws<UpstreamEventFormatException>(() => UpstreamEventParser.Parse(missing, null, default));
        Assert.Throws<UpstreamEventFormatException>(() => UpstreamEventParser.Parse(Headers("azure.webpubsub.sys.other", "other"), null, default));
        Assert.Throws<UpstreamEventFormatException>(() => UpstreamEventParser.Parse(Headers("azure.webpubsub.sys.connect", "connect"), "application/json", "not json"u8.ToArray()));
    }

    [Fact]
    public async Task ACustomerOfALiveSessionGetsExactlyItsNarrowRolesAndGroups()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.ViewOnly)));

        var decision = await handler.DecideAsync(Connect(CustomerClaims()), CancellationToken.None);

        Assert.True(decision.Accepted);
        Assert.Equal("c:acme:s1", decision.Response!.UserId);
        Assert.Equal(["webpubsub.sendToGroup.s.s1.view"], decision.Response.Roles);
        Assert.Equal(["s.s1.guide", "s.s1.ctl", "s.s1.state"], decision.Response.Groups);
        Assert.Equal(RealtimeParticipant.Customer("acme", "s1"), RealtimeConnectionState.Decode(decision.ConnectionState));
    }

    [Fact]
    public async Task AnEndedSessionIsRejected()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.Ended)));

        var decision = await handler.DecideAsync(Connect(CustomerClaims()), CancellationToken.None);

        Assert.False(decision.Accepted);
        Assert.Equal("session-ended", decision.RejectReason);
    }

    [Fact]
    public async Task AnUnknownSessionIsRejected()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore());

        Assert.False((await handler.DecideAsync(Connect(CustomerClaims()), CancellationToken.None)).Accepted);
    }

    [Fact]
    public async Task ATokenOfAnotherTenantDoesNotFindTheSession()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.ViewOnly)));

        var decision = await handler.DecideAsync(Connect(AgentClaims(tenant: "globex")), CancellationToken.None);

        Assert.False(decision.Accepted);
    }

    [Fact]
    public async Task ClaimsThatDisagreeWithTheSubjectAreRejected()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.ViewOnly)));
        var mixed = """{"sub":["c:acme:other"],"cb.tid":["acme"],"cb.sid":["s1"],"cb.role":["customer"]}""";

        Assert.False((await handler.DecideAsync(Connect(mixed), CancellationToken.None)).Accepted);
        Assert.False((await handler.DecideAsync(Connect("""{"sub":["someone"]}"""), CancellationToken.None)).Accepted);
    }

    [Fact]
    public async Task TheControllingAgentKeepsTheCtlRoleOnReconnect()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.Control, "alice")));

        var alice = await handler.DecideAsync(Connect(AgentClaims("alice")), CancellationToken.None);
        var bob = await handler.DecideAsync(Connect(AgentClaims("bob")), CancellationToken.None);

        Assert.Equal(["webpubsub.sendToGroup.s.s1.guide", "webpubsub.sendToGroup.s.s1.ctl"], alice.Response!.Roles);
        Assert.Equal(["s.s1.view", "s.s1.state"], alice.Response.Groups);
        Assert.True(RealtimeConnectionState.ControlAtConnect(alice.ConnectionState));
        Assert.Equal(["webpubsub.sendToGroup.s.s1.guide"], bob.Response!.Roles);
        Assert.False(RealtimeConnectionState.ControlAtConnect(bob.ConnectionState));
    }

    [Fact]
    public async Task AnAgentWhoseRequestIsOnlyPendingGetsNoCtlRole()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.ControlRequested, "alice")));

        var decision = await handler.DecideAsync(Connect(AgentClaims("alice")), CancellationToken.None);

        Assert.Equal(["webpubsub.sendToGroup.s.s1.guide"], decision.Response!.Roles);
    }

    [Fact]
    public async Task AServiceMintedTokenWithoutOurClaimsIsReadFromSubjectAndRole()
    {
        var handler = new ConnectEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.ViewOnly)));

        var decision = await handler.DecideAsync(Connect("""{"sub":["a:acme:alice"],"role":["webpubsub.sendToGroup.s.s1.guide"]}"""), CancellationToken.None);

        Assert.True(decision.Accepted);
        Assert.Equal("a:acme:alice", decision.Response!.UserId);
    }

    [Fact]
    public async Task AConnectedAgentWhoGainedControlSinceConnectIsGrantedIt()
    {
        var handler = new ConnectedEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.Control, "alice")), new FakeTimeProvider(Now));
        var state = RealtimeConnectionState.Encode(RealtimeParticipant.Agent("acme", "s1", "alice"), controlAtConnect: false);

        var decision = await handler.DecideAsync(new ConnectedEvent(new UpstreamContext("cobrowse", "conn-1", "a:acme:alice", "connected", null, state)), CancellationToken.None);

        Assert.Equal(ControlSync.Grant, decision.Control);
        Assert.Equal(new PresenceEntry("acme", "s1", "conn-1", "a:acme:alice", RealtimeRole.Agent, "alice", Now), decision.Presence);
    }

    [Fact]
    public async Task AConnectedAgentWhoLostControlSinceConnectIsRevoked()
    {
        var handler = new ConnectedEventHandler(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.ViewOnly)), new FakeTimeProvider(Now));
        var state = RealtimeConnectionState.Encode(RealtimeParticipant.Agent("acme", "s1", "alice"), controlAtConnect: true);

        var decision = await handler.DecideAsync(new ConnectedEvent(new UpstreamContext("cobrowse", "conn-1", null, "connected", null, state)), CancellationToken.None);

        Assert.Equal(ControlSync.Revoke, decision.Control);
    }

    [Fact]
    public void DisconnectingRemovesThePresenceOfOurConnectionsOnly()
    {
        var ours = new DisconnectedEventHandler().Decide(new DisconnectedEvent(
            new UpstreamContext("cobrowse", "conn-1", null, "disconnected", null, RealtimeConnectionState.Encode(RealtimeParticipant.Customer("acme", "s1"))), null));
        var stranger = new DisconnectedEventHandler().Decide(new DisconnectedEvent(new UpstreamContext("cobrowse", "conn-2", null, "disconnected", null, null), null));

        Assert.Equal(("acme", "s1", "conn-1"), (ours.TenantId, ours.SessionId, ours.ConnectionId));
        Assert.False(stranger.RemovePresence);
    }

    [Fact]
    public void ActivityIsReportedForTheConnectionsSessionAndUnknownEventsAreRefused()
    {
        var handler = new UserEventHandler(new FakeTimeProvider(Now));
        var context = new UpstreamContext("cobrowse", "conn-1", null, "activity", null, RealtimeConnectionState.Encode(RealtimeParticipant.Customer("acme", "s1")));

        var activity = handler.Decide(new UserEvent(context, "activity", UserEventDataType.Json, default));
        var unknown = handler.Decide(new UserEvent(context, "hack", UserEventDataType.Json, default));

        Assert.Equal(RealtimeParticipant.Customer("acme", "s1"), activity.ActivityOf);
        Assert.Equal(Now, activity.At);
        Assert.Null(unknown.ActivityOf);
        Assert.NotNull(unknown.Problem);
    }
}
