using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Realtime;

/// <summary>Activity reported over the socket (a Web PubSub user event) reaches the session entity.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class ActivityEventTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ActivityEventsOverTheSocketPostponeTheInactivityEnd()
    {
        var tenant = await _api.CreateTenantAsync(webChatSeconds: 4);
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartOfferSessionAsync(tenant, agent, "chat-socket-activity", "webChat");
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        await using var socket = await PubSubTestClient.ConnectAsync(url);
        var started = DateTime.UtcNow;

        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(8))
        {
            var ack = await socket.SendEventAsync("activity", new JsonObject { ["kind"] = "pointer" });
            Assert.True(ack["success"]!.GetValue<bool>(), ack.ToJsonString());
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", TimeSpan.FromSeconds(30));
        Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownUserEventIsRefusedWithAnErrorAck()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-unknown-event");
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        await using var socket = await PubSubTestClient.ConnectAsync(url);

        var ack = await socket.SendEventAsync("takeOver", new JsonObject());

        Assert.False(ack["success"]!.GetValue<bool>());
    }
}
