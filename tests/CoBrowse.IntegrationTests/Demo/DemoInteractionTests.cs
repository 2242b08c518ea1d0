using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Demo;

/// <summary>The demo's end/transfer buttons call the product webhook: co-browse ends, the conversation says so.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoInteractionTests(DemoStackFixture stack)
{
    private static readonly TimeSpan LifecycleWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EndingAConversationEndsItsCoBrowseSessionAndClosesTheConversation()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var conversationId = await DemoApiTests.CreateConversationAsync(api);
        var agent = await AgentTokenAsync(api);
        var sessionId = await StartOfferSessionAsync(api, agent, conversationId);

        var ended = (await api.PostAsync($"/demo/api/interactions/{conversationId}/end")).AssertStatus(HttpStatusCode.OK);
        var session = await api.WaitForStateAsync(agent, sessionId, "ended", LifecycleWait);
        var afterEnd = await api.PostAsync($"/demo/api/conversations/{conversationId}/messages", body: new { from = "customer", kind = "text", text = "still there?" });
        using var events = await ConversationEvents.OpenAsync(http, conversationId);
        var systemMessage = JsonNode.Parse((await events.NextEventAsync()).Data)!;

        Assert.Equal("ended", ended.Text("conversationStatus"));
        Assert.Equal("interactionEnded", session["endReason"]!.GetValue<string>());
        afterEnd.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("system", systemMessage["from"]!.GetValue<string>());
        Assert.Equal("ended", await StatusAsync(api, conversationId));
    }

    [Fact]
    public async Task TransferringEndsCoBrowseButTheConversationGoesOn()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var conversationId = await DemoApiTests.CreateConversationAsync(api, "webChat");
        var agent = await AgentTokenAsync(api);
        var sessionId = await StartOfferSessionAsync(api, agent, conversationId, "webChat");

        (await api.PostAsync($"/demo/api/interactions/{conversationId}/transfer")).AssertStatus(HttpStatusCode.OK);
        var session = await api.WaitForStateAsync(agent, sessionId, "ended", LifecycleWait);
        var afterTransfer = await api.PostAsync($"/demo/api/conversations/{conversationId}/messages", body: new { from = "agent", kind = "text", text = "Hi, I'm taking over." });
        var repeated = (await api.PostAsync($"/demo/api/interactions/{conversationId}/transfer")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("interactionTransferred", session["endReason"]!.GetValue<string>());
        afterTransfer.AssertStatus(HttpStatusCode.Created);
        Assert.Equal("transferred", repeated.Text("conversationStatus"));
        // One system message for the two webhooks: seq 1 system, seq 2 the agent's text.
        Assert.Equal(2, afterTransfer.Body!["seq"]!.GetValue<long>());
    }

    [Fact]
    public async Task AVoiceCallIdWithoutAConversationEndsItsSessions()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var agent = await AgentTokenAsync(api);
        var callId = $"call-{Guid.NewGuid():N}"[..16];
        var (key, sessionId) = await api.IssueKeyAsync(agent, callId);
        (await api.PostAsync("/api/v1/security-keys/redeem", body: new { siteKey = "site_demo_local", key }, headers: new Dictionary<string, string> { ["Origin"] = stack.Origin }))
            .AssertStatus(HttpStatusCode.OK);

        var ended = (await api.PostAsync($"/demo/api/interactions/{callId}/end")).AssertStatus(HttpStatusCode.OK);
        var session = await api.WaitForStateAsync(agent, sessionId, "ended", LifecycleWait);

        Assert.Null(ended.Body!["conversationId"]);
        Assert.Equal("interactionEnded", session["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInteractionIdTheProductRefusesIsABadRequest()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);

        var response = await api.PostAsync($"/demo/api/interactions/{new string('x', 129)}/end");

        response.AssertProblem(HttpStatusCode.BadRequest);
    }

    private static async Task<string> AgentTokenAsync(CoBrowseApi api) =>
        (await api.PostAsync("/demo/api/agent-token", body: new { agentId = "alice" })).AssertStatus(HttpStatusCode.OK).Text("token");

    /// <summary>The agent offers co-browse in the conversation (its id is the interaction id); the customer accepts.</summary>
    private async Task<string> StartOfferSessionAsync(CoBrowseApi api, string agent, string conversationId, string channel = "webMessaging")
    {
        var offer = (await api.PostAsync($"/api/v1/interactions/{conversationId}/offers", agent, new { channel })).AssertStatus(HttpStatusCode.Created);
        (await api.PostAsync(
            $"/api/v1/offers/{offer.Text("offerId")}/accept",
            body: new { siteKey = "site_demo_local" },
            headers: new Dictionary<string, string> { ["Origin"] = stack.Origin })).AssertStatus(HttpStatusCode.OK);
        var sessionId = offer.Text("sessionId");
        await api.WaitForStateAsync(agent, sessionId, "viewOnly", LifecycleWait);
        return sessionId;
    }

    private static async Task<string> StatusAsync(CoBrowseApi api, string conversationId) =>
        (await api.GetAsync("/demo/api/conversations")).AssertStatus(HttpStatusCode.OK).Body!["conversations"]!.AsArray()
            .Single(c => c!["conversationId"]!.GetValue<string>() == conversationId)!["status"]!.GetValue<string>();
}
