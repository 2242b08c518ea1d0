using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Lifecycle;

/// <summary>Every end reason, through the real API, durable entities and orchestration over Azurite.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class EndReasonTests(LocalStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task TheCustomerEndingASessionEndsItWithCustomerEnded()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-customer-ends");

        var ended = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", customer)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("ended", ended.Text("state"));
        Assert.Equal("customerEnded", ended.Text("endReason"));
        await AssertTimelineEndsAsync(agent, "call-customer-ends", sessionId, "customerEnded", "customer");
    }

    [Fact]
    public async Task TheAgentEndingASessionEndsItWithAgentEnded()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-ender");
        var (sessionId, _) = await _api.StartOfferSessionAsync(tenant, agent, "chat-agent-ends", "webChat");

        var ended = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", agent)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("agentEnded", ended.Text("endReason"));
        await AssertTimelineEndsAsync(agent, "chat-agent-ends", sessionId, "agentEnded", "agent");
    }

    [Theory]
    [InlineData("transferred", "interactionTransferred")]
    [InlineData("ended", "interactionEnded")]
    public async Task AnInteractionEventEndsItsSessionsThroughTheInteractionEntity(string eventType, string reason)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var interaction = $"call-{eventType}";
        var (first, _) = await _api.StartVoiceSessionAsync(tenant, agent, interaction);
        var (second, _) = await _api.StartOfferSessionAsync(tenant, agent, interaction, "webMessaging");
        var (otherInteraction, _) = await _api.StartVoiceSessionAsync(tenant, agent, $"{interaction}-other");

        (await _api.PostAsync($"/api/v1/interactions/{interaction}/events", tenant.ApiKey, new { type = eventType })).AssertStatus(HttpStatusCode.Accepted);

        foreach (var sessionId in new[] { first, second })
        {
            var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);
            Assert.Equal(reason, ended["endReason"]!.GetValue<string>());
            await AssertTimelineEndsAsync(agent, interaction, sessionId, reason, "system");
        }

        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, otherInteraction))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AfterATransferANewSessionCanStartOnTheSameInteraction()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (before, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-transfer-then-new");
        (await _api.PostAsync("/api/v1/interactions/call-transfer-then-new/events", tenant.ApiKey, new { type = "transferred" })).AssertStatus(HttpStatusCode.Accepted);
        await _api.WaitForStateAsync(agent, before, "ended", Patience);

        var (after, _) = await _api.StartVoiceSessionAsync(tenant, await _api.AgentTokenAsync(tenant, "agent-2"), "call-transfer-then-new");

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, after))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASessionStartedAfterTheInteractionEndedIsEndedAtOnce()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        (await _api.PostAsync("/api/v1/interactions/call-already-over/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-already-over");

        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);
        Assert.Equal("interactionEnded", ended["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task DuplicateInteractionWebhooksEndEachSessionOnceWithOneTimelineEvent()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-duplicate-webhook");

        for (var i = 0; i < 3; i++)
        {
            (await _api.PostAsync("/api/v1/interactions/call-duplicate-webhook/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        }

        await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var ends = (await _api.TimelineAsync(agent, "call-duplicate-webhook")).Where(e => e!["type"]!.GetValue<string>() == "sessionEnded").ToList();
        Assert.Single(ends);
    }

    [Fact]
    public async Task AChatSessionWithoutActivityEndsByInactivity()
    {
        var tenant = await _api.CreateTenantAsync(webChatSeconds: 3);
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartOfferSessionAsync(tenant, agent, "chat-idle", "webChat");

        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);

        Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
        await AssertTimelineEndsAsync(agent, "chat-idle", sessionId, "inactivity", "system");
    }

    [Fact]
    public async Task AMessagingSessionWithoutActivityEndsByInactivity()
    {
        var tenant = await _api.CreateTenantAsync(webMessagingSeconds: 3);
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartOfferSessionAsync(tenant, agent, "messaging-idle", "webMessaging");

        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);

        Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ActivityPostponesTheInactivityEnd()
    {
        var tenant = await _api.CreateTenantAsync(webChatSeconds: 4);
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartOfferSessionAsync(tenant, agent, "chat-busy", "webChat");
        var started = DateTime.UtcNow;

        // Activity every second for 8 s: twice the timeout.
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(8))
        {
            (await _api.PostAsync($"/api/v1/sessions/{sessionId}/activity", customer)).AssertStatus(HttpStatusCode.Accepted);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);
        Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(ended["endedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - started > TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AVoiceSessionNeverTimesOutEvenWhenOtherChannelsDo()
    {
        var tenant = await _api.CreateTenantAsync(webChatSeconds: 2, webMessagingSeconds: 2);
        var agent = await _api.AgentTokenAsync(tenant);
        var (voice, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-quiet");
        var (chat, _) = await _api.StartOfferSessionAsync(tenant, agent, "chat-quiet", "webChat");

        await _api.WaitForStateAsync(agent, chat, "ended", Patience);
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, voice))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnredeemedKeyEndsItsPendingSessionWithKeyExpiredAndCannotBeRedeemedAfterwards()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-key-expires");

        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", LocalStackFixture.KeyLifetime + Patience);

        Assert.Equal("keyExpired", ended["endReason"]!.GetValue<string>());
        (await _api.RedeemAsync(tenant, key)).AssertProblem(HttpStatusCode.Gone);
        await AssertTimelineEndsAsync(agent, "call-key-expires", sessionId, "keyExpired", "system");
    }

    [Fact]
    public async Task AnUnansweredOfferEndsWithOfferExpiredAndADeclinedOneWithOfferDeclined()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var unanswered = (await _api.PostAsync("/api/v1/interactions/chat-offers/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);
        var declined = (await _api.PostAsync("/api/v1/interactions/chat-offers/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);

        var declinedSession = (await _api.AnswerOfferAsync(tenant, declined.Text("offerId"), accept: false)).AssertStatus(HttpStatusCode.OK);
        var expired = await _api.WaitForStateAsync(agent, unanswered.Text("sessionId"), "ended", LocalStackFixture.OfferLifetime + Patience);

        Assert.Equal("offerDeclined", declinedSession.Text("endReason"));
        Assert.Equal("offerExpired", expired["endReason"]!.GetValue<string>());
        (await _api.AnswerOfferAsync(tenant, unanswered.Text("offerId"), accept: true)).AssertProblem(HttpStatusCode.Gone);
    }

    private async Task AssertTimelineEndsAsync(string agent, string interactionId, string sessionId, string reason, string actorKind)
    {
        var events = (await _api.TimelineAsync(agent, interactionId)).Where(e => e!["sessionId"]!.GetValue<string>() == sessionId).ToList();
        var last = events[^1]!;
        Assert.Equal("sessionEnded", last["type"]!.GetValue<string>());
        Assert.Equal(reason, last["endReason"]!.GetValue<string>());
        Assert.Equal(actorKind, last["actorKind"]!.GetValue<string>());
        Assert.Single(events, e => e!["type"]!.GetValue<string>() == "sessionEnded");
    }
}
