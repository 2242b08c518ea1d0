using CoBrowse.IntegrationTests.Infrastructure;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>Azurite stops in the middle of a session and comes back on the same data.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class StorageOutageTests(FaultStack stack)
{
    /// <summary>No call may hang on a dead storage account longer than this (the SDK's own retries take ~6 s).</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task WhileAzuriteIsDownCallsAnswer503AndFramesFlowThenTheSameSessionGoesOnAndTheLifecycleCatchesUp()
    {
        var tenant = await _api.CreateTenantAsync(webChatSeconds: 6);
        var agent = await _api.AgentTokenAsync(tenant, "agent-outage");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-outage");
        await using var customerSocket = await ConnectAsync(_api, sessionId, customer);
        await using var agentSocket = await ConnectAsync(_api, sessionId, agent);
        (await _api.PostAsync(Path(sessionId, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);
        // A chat session whose inactivity end falls due while storage is away.
        var (chatId, _) = await _api.StartOfferSessionAsync(tenant, agent, "chat-outage", "webChat");

        await stack.StopStorageAsync();
        DateTimeOffset back;
        try
        {
            var health = TimedAsync(() => WaitUntilUnhealthyAsync(AnswerBound));
            var refused = await Task.WhenAll(
                TimedAsync(() => _api.GetAsync($"/api/v1/sessions/{sessionId}", agent)),
                TimedAsync(() => _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)),
                TimedAsync(() => _api.PostAsync(Path(sessionId, "activity"), customer)),
                TimedAsync(() => _api.PostAsync(Path(sessionId, "realtime/negotiate"), agent)));

            var (healthAnswer, healthTook) = await health;
            healthAnswer.AssertStatus(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", healthAnswer.Text("status"));
            var tableCheck = healthAnswer.Body!["checks"]!["tableStorage"]!;
            var tableStatus = tableCheck is JsonValue ? tableCheck.GetValue<string>() : tableCheck["status"]!.GetValue<string>();
            Assert.DoesNotContain(tableStatus, new[] { "ok", "healthy" });
            Assert.True(healthTook < AnswerBound, $"health took {healthTook}");
            foreach (var (answer, took) in refused)
            {
                answer.AssertProblem(HttpStatusCode.ServiceUnavailable);
                Assert.True(took < AnswerBound, $"{answer.Body?["instance"]} took {took}");
                Assert.DoesNotContain("Exception", answer.Text("detail"), StringComparison.Ordinal);
                Assert.DoesNotContain(" at ", answer.Text("detail"), StringComparison.Ordinal);
            }

            // The relay keeps carrying frames between connected clients: they need no storage.
            await AssertFrameFlowsAsync(customerSocket, agentSocket, $"s.{sessionId}.view", "page-during-outage");
            await AssertFrameFlowsAsync(agentSocket, customerSocket, $"s.{sessionId}.guide", "pointer-during-outage");
        }
        finally
        {
            await stack.StartStorageAsync();
            back = DateTimeOffset.UtcNow;
        }

        await WaitUntilHealthyAsync(_api, Patience);

        // The approval that failed changed nothing: the request still waits, and answering it now works.
        Assert.Equal("controlRequested", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        var approved = (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("control", "agent-outage"), (approved.Text("state"), approved.Text("controlAgentId")));
        await WaitForStateFrameAsync(agentSocket, sessionId, "controlApproved");
        await AssertFrameFlowsAsync(agentSocket, customerSocket, $"s.{sessionId}.ctl", "click-after-outage");
        (await _api.PostAsync(Path(sessionId, "activity"), customer)).AssertStatus(HttpStatusCode.Accepted);

        // The inactivity end that fell due during the outage happens once storage is back.
        var chat = await _api.WaitForStateAsync(agent, chatId, "ended", Patience);
        Assert.Equal("inactivity", chat["endReason"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(chat["endedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= back.AddSeconds(-1));

        // An end requested through the durable lifecycle after the restart completes, and the sockets are told.
        (await _api.PostAsync("/api/v1/interactions/call-outage/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);
        Assert.Equal("interactionEnded", ended["endReason"]!.GetValue<string>());
        Assert.Equal("session-ended:interactionEnded", (await WaitForDisconnectedAsync(customerSocket))["message"]!.GetValue<string>());

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }

    /// <summary>Health answers may be shared for a few seconds; polls until they say what storage says now.</summary>
    private async Task<ApiResponse> WaitUntilUnhealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var health = await _api.GetAsync("/api/v1/health");
            if (health.Status != HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return health;
            }

            await Task.Delay(250);
        }
    }
}
