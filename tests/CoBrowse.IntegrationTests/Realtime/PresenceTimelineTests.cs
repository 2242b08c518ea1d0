using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Realtime;

/// <summary>The relay's connected/disconnected events reach our upstream handler and show in the interaction timeline.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class PresenceTimelineTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ConnectionsAndDisconnectionsOfBothSidesAppearInTheTimelineOnce()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-present");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-presence");
        var negotiate = async (string token) =>
            (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", token)).AssertStatus(HttpStatusCode.OK).Text("url");
        var customerSocket = await PubSubTestClient.ConnectAsync(await negotiate(customer));
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await negotiate(agent));

        var connected = await WaitForEventsAsync(agent, e => e["type"]!.GetValue<string>() == "participantConnected", count: 2);
        await customerSocket.DisposeAsync();
        var disconnected = await WaitForEventsAsync(agent, e => e["type"]!.GetValue<string>() == "participantDisconnected", count: 1);

        Assert.Contains(connected, e => e["actorKind"]!.GetValue<string>() == "customer");
        Assert.Contains(connected, e => e["actorKind"]!.GetValue<string>() == "agent" && e["actorId"]!.GetValue<string>() == "agent-present");
        Assert.Equal("customer", Assert.Single(disconnected)["actorKind"]!.GetValue<string>());
    }

    private async Task<List<JsonNode>> WaitForEventsAsync(string token, Func<JsonNode, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<JsonNode> found;
        do
        {
            found = (await _api.TimelineAsync(token, "call-presence")).Select(e => e!).Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Expected {count} matching timeline events, found {found.Count}.");
    }
}
