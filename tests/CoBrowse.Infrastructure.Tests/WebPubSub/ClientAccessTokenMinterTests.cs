using System.Text.Json.Nodes;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

public class ClientAccessTokenMinterTests
{
    private readonly FakeTimeProvider _clock = new(Now);

    private ClientAccessTokenMinter Minter(string endpoint = "http://localhost:18080/")
    {
        var connection = Connection(_clock, endpoint);
        var rest = new WebPubSubRestClient(new HttpClient(new RecordingHandler()), connection, NullLogger<WebPubSubRestClient>.Instance);
        return new ClientAccessTokenMinter(connection, rest, _clock, TimeSpan.FromHours(1));
    }

    private static JsonObject Payload(ClientAccess access) =>
        JwtAssert.VerifiedPayload(access.Url[(access.Url.IndexOf("access_token=", StringComparison.Ordinal) + 13)..], AccessKey);

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => (string)n!).ToArray();

    [Fact]
    public async Task ACustomerTokenCarriesExactlyTheViewSendRoleAndJoinsGuideAndCtl()
    {
        var access = await Minter().MintAsync(RealtimeParticipant.Customer("acme", "s1"), CancellationToken.None);

        var payload = Payload(access);
        Assert.Equal("http://localhost:18080/client/hubs/cobrowse", (string?)payload["aud"]);
        Assert.Equal("c:acme:s1", (string?)payload["sub"]);
        Assert.Equal(["webpubsub.sendToGroup.s.s1.view"], Strings(payload["role"]));
        Assert.Equal(["s.s1.guide", "s.s1.ctl", "s.s1.state"], Strings(payload["webpubsub.group"]));
        Assert.Equal("acme", (string?)payload["cb.tid"]);
        Assert.Equal("s1", (string?)payload["cb.sid"]);
        Assert.Equal("customer", (string?)payload["cb.role"]);
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds(), (long?)payload["exp"]);
        Assert.Equal(Now.AddHours(1), access.ExpiresAt);
        Assert.Equal("c:acme:s1", access.UserId);
    }

    [Fact]
    public async Task AnAgentTokenCarriesExactlyTheGuideSendRoleAndJoinsView()
    {
        var access = await Minter().MintAsync(RealtimeParticipant.Agent("acme", "s1", "alice"), CancellationToken.None);

        var payload = Payload(access);
        Assert.Equal("a:acme:alice", (string?)payload["sub"]);
        Assert.Equal(["webpubsub.sendToGroup.s.s1.guide"], Strings(payload["role"]));
        Assert.Equal(["s.s1.view", "s.s1.state"], Strings(payload["webpubsub.group"]));
        Assert.Equal("agent", (string?)payload["cb.role"]);
        Assert.Equal(new SessionGroupNames("s.s1.view", "s.s1.guide", "s.s1.ctl", "s.s1.state"), access.Groups);
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("agent")]
    public async Task NoTokenEverHasAnUnscopedRole(string role)
    {
        var participant = role == "customer" ? RealtimeParticipant.Customer("acme", "s1") : RealtimeParticipant.Agent("acme", "s1", "alice");

        var roles = Strings(Payload(await Minter().MintAsync(participant, CancellationToken.None))["role"]);

        Assert.DoesNotContain("webpubsub.sendToGroup", roles);
        Assert.DoesNotContain("webpubsub.joinLeaveGroup", roles);
        Assert.All(roles, r => Assert.StartsWith("webpubsub.sendToGroup.s.s1.", r, StringComparison.Ordinal));
        Assert.DoesNotContain(roles, r => r.Contains("joinLeave", StringComparison.Ordinal) || r.Contains("Groups.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:18080/", "ws://localhost:18080/client/hubs/cobrowse?access_token=")]
    [InlineData("https://contoso.webpubsub.azure.com/", "wss://contoso.webpubsub.azure.com/client/hubs/cobrowse?access_token=")]
    public async Task TheUrlIsTheWebSocketFormOfTheEndpoint(string endpoint, string expectedPrefix)
    {
        var access = await Minter(endpoint).MintAsync(RealtimeParticipant.Customer("acme", "s1"), CancellationToken.None);

        Assert.StartsWith(expectedPrefix, access.Url, StringComparison.Ordinal);
        Assert.Equal("cobrowse", access.Hub);
    }

    [Fact]
    public void AControllingAgentsRolesAddOnlyTheCtlGroup()
    {
        var roles = SessionGroups.RolesFor(RealtimeRole.Agent, "s1", inControl: true);

        Assert.Equal(["webpubsub.sendToGroup.s.s1.guide", "webpubsub.sendToGroup.s.s1.ctl"], roles);
    }
}
