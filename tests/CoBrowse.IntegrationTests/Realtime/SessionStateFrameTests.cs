using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Realtime;

/// <summary>
/// The service publishes a state frame to <c>s.{sid}.state</c> after every transition; both sides hear it over real
/// WebSockets, in order, and nobody but the service can write to that group.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class SessionStateFrameTests(LocalStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task BothSidesHearEveryControlChangeAndTheEndInOrderWithIncreasingVersions()
    {
        var (_, agent, sessionId, customer) = await StartVoiceAsync("call-state-frames");
        var customerNegotiated = await NegotiateAsync(sessionId, customer);
        Assert.Equal($"s.{sessionId}.state", customerNegotiated["groups"]!["state"]!.GetValue<string>());
        await using var customerSocket = await PubSubTestClient.ConnectAsync(customerNegotiated["url"]!.GetValue<string>());
        await using var agentSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, agent))["url"]!.GetValue<string>());
        await Task.Delay(500); // presence, for the grant

        var steps = new (string Path, string Token)[]
        {
            ("control-requests", agent),
            ("control-requests/approve", customer),
            ("control/revoke", customer),
            ("control-requests", agent),
            ("control-requests/deny", customer),
            ("end", agent),
        };
        foreach (var (path, token) in steps)
        {
            (await _api.PostAsync($"/api/v1/sessions/{sessionId}/{path}", token)).AssertStatus(HttpStatusCode.OK);
        }

        foreach (var socket in new[] { customerSocket, agentSocket })
        {
            var frames = await StateFramesAsync(socket, sessionId, count: 6);
            Assert.Equal(["controlRequested", "controlApproved", "controlRevoked", "controlRequested", "controlDenied", "ended"], frames.Select(f => Text(f, "change")));
            Assert.Equal(["controlRequested", "control", "viewOnly", "controlRequested", "viewOnly", "ended"], frames.Select(f => Text(f, "state")));
            Assert.Equal(["agent", "customer", "customer", "agent", "customer", "agent"], frames.Select(f => f["by"]!["kind"]!.GetValue<string>()));
            Assert.Equal(["agent-1", "agent-1", null, "agent-1", null, null], frames.Select(f => f["controlAgentId"]?.GetValue<string>()));
            var versions = frames.Select(f => f["version"]!.GetValue<int>()).ToList();
            Assert.Equal(Enumerable.Range(versions[0], 6), versions);
            Assert.All(frames, f => Assert.Equal((1, "session", sessionId), (f["v"]!.GetValue<int>(), Text(f, "t"), Text(f, "sessionId"))));
            Assert.Equal("agentEnded", Text(frames[^1], "endReason"));
            Assert.Equal("agent-1", frames[^1]["by"]!["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task NeitherTheCustomerNorAnAgentCanSendToTheStateGroup()
    {
        var (_, agent, sessionId, customer) = await StartVoiceAsync("call-state-forged");
        await using var customerSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, customer))["url"]!.GetValue<string>());
        await using var agentSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, agent))["url"]!.GetValue<string>());
        var forged = new JsonObject { ["v"] = 1, ["t"] = "session", ["sessionId"] = sessionId, ["state"] = "control", ["version"] = 99, ["change"] = "controlApproved" };

        PubSubAssert.Forbidden(await customerSocket.SendToGroupAsync($"s.{sessionId}.state", forged.DeepClone()));
        PubSubAssert.Forbidden(await agentSocket.SendToGroupAsync($"s.{sessionId}.state", forged.DeepClone()));

        var state = $"s.{sessionId}.state";
        Assert.True(await customerSocket.StaysQuietAsync(f => f["group"]?.GetValue<string>() == state, TimeSpan.FromSeconds(1)));
        Assert.True(await agentSocket.StaysQuietAsync(f => f["group"]?.GetValue<string>() == state, TimeSpan.FromSeconds(0.2)));
    }

    [Fact]
    public async Task AnAgentWaitingOnAPendingSessionHearsTheCustomerJoin()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-waits");
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-state-join");
        await using var agentSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, agent))["url"]!.GetValue<string>());

        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);

        var joined = Assert.Single(await StateFramesAsync(agentSocket, sessionId, count: 1));
        Assert.Equal(("customerJoined", "viewOnly", "customer"), (Text(joined, "change"), Text(joined, "state"), joined["by"]!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnInactivityEndDecidedByTheLifecycleIsPublishedBeforeTheConnectionsClose()
    {
        var tenant = await _api.CreateTenantAsync();
        (await _api.SendAsync(
            HttpMethod.Patch,
            $"/api/v1/admin/tenants/{tenant.TenantId}",
            body: new { timeouts = new { webChatSeconds = 3 } },
            headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey })).AssertStatus(HttpStatusCode.OK);
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartOfferSessionAsync(tenant, agent, "chat-state-idle", "webChat");
        await using var customerSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, customer))["url"]!.GetValue<string>());

        var ended = await customerSocket.WaitForGroupMessageAsync($"s.{sessionId}.state", f => f["data"]?["state"]?.GetValue<string>() == "ended", Patience);

        Assert.Equal("inactivity", Text(ended["data"]!, "endReason"));
        Assert.Equal("system", ended["data"]!["by"]!["kind"]!.GetValue<string>());
        var disconnected = await customerSocket.WaitForAsync(f => f["type"]?.GetValue<string>() == "system" && f["event"]?.GetValue<string>() == "disconnected");
        Assert.Equal("session-ended:inactivity", disconnected["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ended", "interactionEnded")]
    [InlineData("transferred", "interactionTransferred")]
    public async Task AWebhookEndIsPublishedWithItsReason(string eventType, string reason)
    {
        var (tenant, agent, sessionId, customer) = await StartVoiceAsync($"call-state-webhook-{eventType}");
        await using var customerSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, customer))["url"]!.GetValue<string>());
        await using var agentSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(sessionId, agent))["url"]!.GetValue<string>());

        (await _api.PostAsync($"/api/v1/interactions/call-state-webhook-{eventType}/events", tenant.ApiKey, new { type = eventType })).AssertStatus(HttpStatusCode.Accepted);

        foreach (var socket in new[] { customerSocket, agentSocket })
        {
            var ended = await socket.WaitForGroupMessageAsync($"s.{sessionId}.state", f => f["data"]?["state"]?.GetValue<string>() == "ended", Patience);
            Assert.Equal((reason, "ended"), (Text(ended["data"]!, "endReason"), Text(ended["data"]!, "change")));
        }
    }

    [Fact]
    public async Task PendingSessionsThatEndWithoutTheCustomerTellTheWaitingAgentWhy()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-waits");
        var (_, keySession) = await _api.IssueKeyAsync(agent, "call-state-key-expires");
        var offer = (await _api.PostAsync("/api/v1/interactions/chat-state-declined/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);
        var offerSession = offer.Text("sessionId");
        await using var keySocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(keySession, agent))["url"]!.GetValue<string>());
        await using var offerSocket = await PubSubTestClient.ConnectAsync((await NegotiateAsync(offerSession, agent))["url"]!.GetValue<string>());

        (await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: false)).AssertStatus(HttpStatusCode.OK);

        var declined = (await offerSocket.WaitForGroupMessageAsync($"s.{offerSession}.state"))["data"]!;
        Assert.Equal(("ended", "offerDeclined", "customer"), (Text(declined, "state"), Text(declined, "endReason"), declined["by"]!["kind"]!.GetValue<string>()));
        var expired = (await keySocket.WaitForGroupMessageAsync($"s.{keySession}.state", timeout: LocalStackFixture.KeyLifetime + Patience))["data"]!;
        Assert.Equal(("ended", "keyExpired", "system"), (Text(expired, "state"), Text(expired, "endReason"), expired["by"]!["kind"]!.GetValue<string>()));
    }

    private static string Text(JsonNode node, string property) => node[property]!.GetValue<string>();

    /// <summary>The first <paramref name="count"/> state frames the socket received, as their data.</summary>
    private static async Task<List<JsonNode>> StateFramesAsync(PubSubTestClient socket, string sessionId, int count)
    {
        var group = $"s.{sessionId}.state";
        var frames = new List<JsonNode>();
        var last = -1;
        while (frames.Count < count)
        {
            var after = last;
            var frame = await socket.WaitForGroupMessageAsync(group, f => f["data"]?["version"]?.GetValue<int>() > after, Patience);
            frames.Add(frame["data"]!);
            last = frame["data"]!["version"]!.GetValue<int>();
        }

        return frames;
    }

    private async Task<(TestTenant Tenant, string Agent, string SessionId, string Customer)> StartVoiceAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        return (tenant, agent, sessionId, customer);
    }

    private async Task<JsonNode> NegotiateAsync(string sessionId, string token) =>
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", token)).AssertStatus(HttpStatusCode.OK).Body!;
}
