using System.Diagnostics;
using CoBrowse.IntegrationTests.Infrastructure;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>The functions' upstream handler fails or answers too slowly for the relay's connect event.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class UpstreamFailureTests(FaultStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AFailingOrStalledUpstreamRefusesTheConnectCleanlyLeavesNoHalfOpenSessionAndTheSameClientConnectsOnceItHeals()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-upstream");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-upstream");
        var customerUrl = await NegotiateAsync(_api, sessionId, customer);
        var agentUrl = await NegotiateAsync(_api, sessionId, agent);
        var before = await _api.SessionAsync(agent, sessionId);

        HttpStatusCode? failed, stalled;
        TimeSpan stalledFor;
        try
        {
            stack.Gate.FailWith(HttpStatusCode.ServiceUnavailable);
            failed = await PubSubTestClient.RefusalStatusAsync(customerUrl);

            stack.Gate.Stall(FaultStack.UpstreamTimeout * 3);
            var watch = Stopwatch.StartNew();
            stalled = await PubSubTestClient.RefusalStatusAsync(agentUrl);
            stalledFor = watch.Elapsed;
        }
        finally
        {
            stack.Gate.Heal();
        }

        // The handshake is refused with a server error status: the client knows to retry, nothing hangs.
        Assert.True(failed is { } f && (int)f >= 500, $"failing upstream: {failed}");
        Assert.True(stalled is { } s && (int)s >= 500, $"stalled upstream: {stalled}");
        Assert.True(stalledFor < FaultStack.UpstreamTimeout + TimeSpan.FromSeconds(3), $"the refusal took {stalledFor}");
        Assert.True(stack.Gate.Refused >= 2);

        // No half-open session: no presence, no timeline entry, the session as it was.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await _api.TimelineAsync(agent, "call-upstream"), e => Is(e!, "participantConnected"));
        Assert.Empty(await ParticipantsAsync(tenant, sessionId));
        Assert.Equal(before.ToJsonString(), (await _api.SessionAsync(agent, sessionId)).ToJsonString());

        // Healed: the very same URLs connect and frames flow.
        await using var customerSocket = await PubSubTestClient.ConnectAsync(customerUrl);
        await using var agentSocket = await PubSubTestClient.ConnectAsync(agentUrl);
        await AssertFrameFlowsAsync(customerSocket, agentSocket, $"s.{sessionId}.view", "page-after-heal");
        var connected = await WaitForTimelineAsync(_api, agent, "call-upstream", e => Is(e, "participantConnected"), 2, Patience);
        Assert.Equal(2, connected.Count);

        // A user event the upstream cannot take is answered with an error ack, not dropped in silence.
        stack.Gate.FailWith(HttpStatusCode.InternalServerError);
        JsonNode refusedActivity;
        try
        {
            refusedActivity = await customerSocket.SendEventAsync("activity", new JsonObject { ["kind"] = "pointer" });
        }
        finally
        {
            stack.Gate.Heal();
        }

        Assert.False(refusedActivity["success"]!.GetValue<bool>(), refusedActivity.ToJsonString());
        Assert.Equal("InternalServerError", refusedActivity["error"]!["name"]!.GetValue<string>());
        var accepted = await customerSocket.SendEventAsync("activity", new JsonObject { ["kind"] = "pointer" });
        Assert.True(accepted["success"]!.GetValue<bool>(), accepted.ToJsonString());

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }

    private async Task<JsonArray> ParticipantsAsync(TestTenant tenant, string sessionId)
    {
        var live = (await _api.GetAsync("/api/v1/live/sessions", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        return live.Body!["sessions"]!.AsArray().Single(s => s!["sessionId"]!.GetValue<string>() == sessionId)!["participants"]!.AsArray();
    }
}
