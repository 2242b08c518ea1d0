using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.IntegrationTests.Reporting;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// At-least-once delivery: the contact center's webhook retries (one after another and many at once, even a transfer
/// and an end racing), and the customer's End arrives many times at once. Every session ends once.
/// </summary>
[Collection(FaultStackCollection.Name)]
public sealed class DuplicateDeliveryTests(FaultStack stack)
{
    private const int Concurrent = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task WebhooksAndEndsDeliveredManyTimesEndEachSessionOnceWithOneEventAndCountItOnce()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-dup");
        var (voice, voiceCustomer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-dup");
        var (messaging, _) = await _api.StartOfferSessionAsync(tenant, agent, "call-dup", "webMessaging");
        var (raced, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-dup-race");
        var (clicked, clickedCustomer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-dup-click");
        await using var voiceSocket = await ConnectAsync(_api, voice, voiceCustomer);

        // The same "ended" twice in a row, then eight at once.
        Task<ApiResponse> Webhook(string interaction, string type) =>
            _api.PostAsync($"/api/v1/interactions/{interaction}/events", tenant.ApiKey, new { type });
        (await Webhook("call-dup", "ended")).AssertStatus(HttpStatusCode.Accepted);
        (await Webhook("call-dup", "ended")).AssertStatus(HttpStatusCode.Accepted);
        var burst = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Webhook("call-dup", "ended")));
        // A transfer and an end of the same interaction, each delivered several times, all at once.
        var mixed = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => Webhook("call-dup-race", i % 2 == 0 ? "transferred" : "ended")));
        // The customer's End arriving many times at once, with the agent's End among them.
        var ends = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i =>
            _api.PostAsync(Path(clicked, "end"), i == Concurrent / 2 ? agent : clickedCustomer)));

        Assert.All(burst.Concat(mixed), r => r.AssertStatus(HttpStatusCode.Accepted));
        Assert.All(ends, r => r.AssertStatus(HttpStatusCode.OK));
        var first = ends[0].Body!;
        Assert.All(ends, r => Assert.Equal(
            (first["endReason"]!.GetValue<string>(), first["endedAt"]!.GetValue<string>(), first["version"]!.GetValue<int>()),
            (r.Text("endReason"), r.Text("endedAt"), r.Body!["version"]!.GetValue<int>())));

        foreach (var (sessionId, reasons) in new[]
        {
            (voice, new[] { "interactionEnded" }),
            (messaging, ["interactionEnded"]),
            (raced, ["interactionEnded", "interactionTransferred"]),
        })
        {
            var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", Patience);
            Assert.Contains(ended["endReason"]!.GetValue<string>(), reasons);
        }

        Assert.Equal("session-ended:interactionEnded", (await WaitForDisconnectedAsync(voiceSocket))["message"]!.GetValue<string>());

        // Room for the duplicates still travelling through the durable lifecycle to arrive (and change nothing).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var sessions = (await _api.GetAsync("/api/v1/sessions?state=all", agent)).AssertStatus(HttpStatusCode.OK).Body!["sessions"]!.AsArray();
        Assert.Equal(4, sessions.Count);
        Assert.All(sessions, s => Assert.Equal("ended", s!["state"]!.GetValue<string>()));
        var metrics = (await _api.GetAsync($"/api/v1/reports/metrics?{ReportingScenario.RangeAroundToday}&groupBy=channel", tenant.ApiKey))
            .AssertStatus(HttpStatusCode.OK).Body!["totals"]!;
        Assert.Equal(4, metrics["sessions"]!.GetValue<int>());
        foreach (var reason in sessions.GroupBy(s => s!["endReason"]!.GetValue<string>()))
        {
            Assert.Equal(reason.Count(), metrics["endReasons"]![reason.Key]!.GetValue<int>());
        }

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }
}
