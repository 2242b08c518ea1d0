using System.Text;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static CoBrowse.Infrastructure.Tests.WebPubSub.FakeSessionStore;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

/// <summary>
/// The connect answers for supervisors: a watcher gets no role at all and only view + state, a live subscriber no role
/// and only its tenant's live group — from tokens we sign and from service-minted tokens (subject only) alike.
/// </summary>
public class LiveConnectTests
{
    private readonly ConnectEventHandler _handler = new(new FakeSessionStore().With(NewSession("acme", "s1", SessionState.Control, "sam")));

    [Theory]
    [InlineData("""{"sub":["w:acme:s1:sam"],"role":[],"cb.tid":["acme"],"cb.sid":["s1"],"cb.role":["supervisor"]}""")]
    [InlineData("""{"sub":["w:acme:s1:sam"]}""")]
    public async Task AWatchingSupervisorGetsNoRoleEvenWhenItsAgentIdHoldsControl(string claims)
    {
        var decision = await _handler.DecideAsync(Connect(claims), CancellationToken.None);

        Assert.True(decision.Accepted, decision.RejectReason);
        Assert.Equal("w:acme:s1:sam", decision.Response!.UserId);
        Assert.Empty(decision.Response.Roles);
        Assert.Equal(["s.s1.view", "s.s1.state"], decision.Response.Groups);
        Assert.Equal(RealtimeParticipant.Supervisor("acme", "s1", "sam"), RealtimeConnectionState.Decode(decision.ConnectionState));
        Assert.False(RealtimeConnectionState.ControlAtConnect(decision.ConnectionState));
    }

    [Theory]
    [InlineData("""{"sub":["w:acme:s1:sam"],"cb.tid":["acme"],"cb.sid":["s2"],"cb.role":["supervisor"]}""")] // claims and subject disagree
    [InlineData("""{"sub":["w:globex:s1:sam"]}""")] // another tenant's session id is simply not found
    [InlineData("""{"sub":["w:acme:s1:"]}""")]
    public async Task AWatcherTokenThatDoesNotNameOneSessionOfItsTenantIsRejected(string claims) =>
        Assert.False((await _handler.DecideAsync(Connect(claims), CancellationToken.None)).Accepted);

    [Fact]
    public async Task ALiveSubscriberHearsOnlyItsTenantsLiveGroupAndMaySendNothing()
    {
        var decision = await _handler.DecideAsync(Connect("""{"sub":["l:acme:sam"],"role":[],"webpubsub.group":["t.globex.live"]}"""), CancellationToken.None);

        Assert.True(decision.Accepted);
        Assert.Equal("l:acme:sam", decision.Response!.UserId);
        Assert.Empty(decision.Response.Roles);
        Assert.Equal(["t.acme.live"], decision.Response.Groups);
        Assert.Null(RealtimeConnectionState.Decode(decision.ConnectionState)); // no session: no presence, no timeline
    }

    [Fact]
    public void AWatcherCountsAsNoActivity()
    {
        var state = RealtimeConnectionState.Encode(RealtimeParticipant.Supervisor("acme", "s1", "sam"));
        var activity = new UserEvent(new UpstreamContext("cobrowse", "conn-1", "w:acme:s1:sam", "activity", null, state), "activity", UserEventDataType.Json, "{}"u8.ToArray());

        var decision = new UserEventHandler(new FakeTimeProvider(Now)).Decide(activity);

        Assert.Null(decision.ActivityOf);
        Assert.NotNull(decision.Problem);
    }

    private static ConnectEvent Connect(string claimsJson) => (ConnectEvent)UpstreamEventParser.Parse(
        new HeaderDictionary
        {
            ["ce-type"] = "azure.webpubsub.sys.connect",
            ["ce-hub"] = "cobrowse",
            ["ce-connectionId"] = "conn-1",
            ["ce-eventName"] = "connect",
        },
        "application/json",
        Encoding.UTF8.GetBytes($$"""{"claims":{{claimsJson}},"subprotocols":["json.reliable.webpubsub.azure.v1"]}"""));
}
