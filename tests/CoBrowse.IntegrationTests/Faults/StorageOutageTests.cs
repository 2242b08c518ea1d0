using System.Diagnostics;
using CoBrowse.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// Storage fails in the middle of a session: Azurite stops (connections refused) and comes back on the same data, or
/// its tables stop answering (connections hang) and thaw.
/// </summary>
[Collection(FaultStackCollection.Name)]
public sealed class StorageOutageTests(FaultStack stack, ITestOutputHelper output)
{
    /// <summary>No call may hang on a dead storage account longer than this (measured: about 1 s refused, 5 s frozen).</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The durable engine catches up once it holds its partitions again and the messages caught mid-processing become
    /// visible, and has retried the work it could not save (FaultStack shortens the first two; the rest is the engine's);
    /// measured 7–42 s for the timer and 0.2–20 s for the next webhook end on a busy two-core machine.
    /// </summary>
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(90);
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

        var clock = Stopwatch.StartNew();
        await stack.StopStorageAsync();
        output.WriteLine($"Azurite stopped in {clock.Elapsed.TotalSeconds:F1} s");
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
            output.WriteLine($"health unhealthy after {healthTook.TotalSeconds:F1} s; 503s after {string.Join(", ", refused.Select(r => $"{r.Took.TotalSeconds:F1} s"))}");
            foreach (var (answer, took) in refused)
            {
                answer.AssertProblem(HttpStatusCode.ServiceUnavailable);
                Assert.True(took < AnswerBound, $"{answer.Body?["instance"]} took {took}");
                Assert.DoesNotContain("Exception", answer.Text("detail"), StringComparison.Ordinal);
                Assert.DoesNotContain(" at ", answer.Text("detail"), StringComparison.Ordinal);
                Assert.NotNull(answer.Headers.RetryAfter);
            }

            // The relay keeps carrying frames between connected clients: they need no storage.
            await AssertFrameFlowsAsync(customerSocket, agentSocket, $"s.{sessionId}.view", "page-during-outage");
            await AssertFrameFlowsAsync(agentSocket, customerSocket, $"s.{sessionId}.guide", "pointer-during-outage");
        }
        finally
        {
            output.WriteLine($"outage lasted {clock.Elapsed.TotalSeconds:F1} s");
            await stack.StartStorageAsync();
            back = DateTimeOffset.UtcNow;
            clock.Restart();
        }

        await WaitUntilHealthyAsync(_api, Patience);
        output.WriteLine($"healthy {clock.Elapsed.TotalSeconds:F1} s after Azurite started again");

        // The approval that failed changed nothing: the request still waits, and answering it now works.
        Assert.Equal("controlRequested", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        var approved = (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("control", "agent-outage"), (approved.Text("state"), approved.Text("controlAgentId")));
        await WaitForStateFrameAsync(agentSocket, sessionId, "controlApproved");
        await AssertFrameFlowsAsync(agentSocket, customerSocket, $"s.{sessionId}.ctl", "click-after-outage");
        (await _api.PostAsync(Path(sessionId, "activity"), customer)).AssertStatus(HttpStatusCode.Accepted);

        // The inactivity end that fell due during the outage happens once storage is back.
        var chat = await _api.WaitForStateAsync(agent, chatId, "ended", CatchUp);
        output.WriteLine($"chat ended by inactivity {clock.Elapsed.TotalSeconds:F1} s after Azurite started again");
        Assert.Equal("inactivity", chat["endReason"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(chat["endedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= back.AddSeconds(-1));

        // An end requested through the durable lifecycle after the restart completes, and the sockets are told.
        (await _api.PostAsync("/api/v1/interactions/call-outage/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        clock.Restart();
        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", CatchUp);
        output.WriteLine($"webhook end through the lifecycle took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("interactionEnded", ended["endReason"]!.GetValue<string>());
        Assert.Equal("session-ended:interactionEnded", (await WaitForDisconnectedAsync(customerSocket))["message"]!.GetValue<string>());

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }

    [Fact]
    public async Task WhenStorageStopsAnsweringCallsGiveUpWithinTheirBoundWith503AndTheSessionGoesOnAfterwards()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-frozen");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-frozen");
        await using var customerSocket = await ConnectAsync(_api, sessionId, customer);
        await using var agentSocket = await ConnectAsync(_api, sessionId, agent);

        stack.FreezeStorage();
        try
        {
            var refused = await Task.WhenAll(
                TimedAsync(() => _api.GetAsync($"/api/v1/sessions/{sessionId}", agent)),
                TimedAsync(() => _api.PostAsync(Path(sessionId, "end"), customer)),
                TimedAsync(() => _api.PostAsync(Path(sessionId, "activity"), customer)));
            output.WriteLine($"storage not answering: 503s after {string.Join(", ", refused.Select(r => $"{r.Took.TotalSeconds:F1} s"))}");
            foreach (var (answer, took) in refused)
            {
                answer.AssertProblem(HttpStatusCode.ServiceUnavailable);
                Assert.NotNull(answer.Headers.RetryAfter);
                // One try and one retry of StorageRequestTimeout each, plus the SDK's back-off: far below a hang.
                Assert.True(took < FaultStack.StorageRequestTimeout * (FaultStack.StorageRetries + 1) + TimeSpan.FromSeconds(8), $"{answer.Body?["instance"]} took {took}");
            }

            await AssertFrameFlowsAsync(customerSocket, agentSocket, $"s.{sessionId}.view", "page-while-frozen");
        }
        finally
        {
            stack.ThawStorage();
        }

        // The End that could not be written left nothing half done: the session goes on, and ends when asked again.
        var session = await WaitForAnswerAsync(() => _api.GetAsync($"/api/v1/sessions/{sessionId}", agent));
        Assert.Equal("viewOnly", session.Text("state"));
        var ended = (await _api.PostAsync(Path(sessionId, "end"), customer)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("customerEnded", ended.Text("endReason"));
        Assert.Equal("session-ended:customerEnded", (await WaitForDisconnectedAsync(agentSocket))["message"]!.GetValue<string>());

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }

    /// <summary>Retries a read until storage answers it again (pooled connections may need a moment after a thaw).</summary>
    private static async Task<ApiResponse> WaitForAnswerAsync(Func<Task<ApiResponse>> call)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await call();
            if (answer.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return answer.AssertStatus(HttpStatusCode.OK);
            }

            await Task.Delay(250);
        }
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
