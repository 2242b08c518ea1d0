using System.Globalization;
using CoBrowse.IntegrationTests.Infrastructure;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>The customer's tab dies: its socket drops without a close handshake and nobody presses End.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class CustomerTabKilledTests(FaultStack stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AKilledTabEndsAMessagingSessionByInactivityWhileAVoiceSessionWaitsForTheInteractionToEnd()
    {
        var tenant = await _api.CreateTenantAsync();
        (await _api.SendAsync(
            HttpMethod.Patch,
            $"/api/v1/admin/tenants/{tenant.TenantId}",
            body: new { timeouts = new { webMessagingSeconds = (int)Timeout.TotalSeconds, webChatSeconds = (int)Timeout.TotalSeconds } },
            headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey })).AssertStatus(HttpStatusCode.OK);
        var agent = await _api.AgentTokenAsync(tenant, "agent-tab");
        var (messaging, messagingCustomer) = await _api.StartOfferSessionAsync(tenant, agent, "msg-tab-killed", "webMessaging");
        var (voice, voiceCustomer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-tab-killed");
        var messagingTab = await ConnectAsync(_api, messaging, messagingCustomer);
        var voiceTab = await ConnectAsync(_api, voice, voiceCustomer);
        await using var messagingAgent = await ConnectAsync(_api, messaging, agent);
        await using var voiceAgent = await ConnectAsync(_api, voice, agent);

        // While the tab lives, the customer's activity keeps the session going well past its timeout.
        var alive = DateTime.UtcNow;
        while (DateTime.UtcNow - alive < Timeout * 1.5)
        {
            var ack = await messagingTab.SendEventAsync("activity", new JsonObject { ["kind"] = "pointer" });
            Assert.True(ack["success"]!.GetValue<bool>(), ack.ToJsonString());
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, messaging))["state"]!.GetValue<string>());

        messagingTab.Abort();
        voiceTab.Abort();
        var killedAt = DateTimeOffset.UtcNow;
        try
        {
            // The relay notices the dead sockets: the customers' disconnections are in the timelines.
            foreach (var interaction in new[] { "msg-tab-killed", "call-tab-killed" })
            {
                var gone = await WaitForTimelineAsync(_api, agent, interaction, e => Is(e, "participantDisconnected"), 1, Patience);
                Assert.Equal("customer", Assert.Single(gone)["actorKind"]!.GetValue<string>());
            }

            // Messaging ends by inactivity one timeout after the last activity, and the agent still there is told.
            var ended = await _api.WaitForStateAsync(agent, messaging, "ended", Patience);
            Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
            var endedAt = DateTimeOffset.Parse(ended["endedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.True(endedAt - killedAt > Timeout - TimeSpan.FromSeconds(1.5), $"ended {endedAt - killedAt} after the tab died");
            Assert.Equal("session-ended:inactivity", (await WaitForDisconnectedAsync(messagingAgent))["message"]!.GetValue<string>());

            // Voice never times out: still sharing (for the agent) at twice the timeout, until the call ends.
            var twice = killedAt + (Timeout * 2) - DateTimeOffset.UtcNow;
            if (twice > TimeSpan.Zero)
            {
                await Task.Delay(twice);
            }

            Assert.Equal("viewOnly", (await _api.SessionAsync(agent, voice))["state"]!.GetValue<string>());
            (await _api.PostAsync("/api/v1/interactions/call-tab-killed/events", tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
            var voiceEnded = await _api.WaitForStateAsync(agent, voice, "ended", Patience);
            Assert.Equal("interactionEnded", voiceEnded["endReason"]!.GetValue<string>());
            Assert.Equal("session-ended:interactionEnded", (await WaitForDisconnectedAsync(voiceAgent))["message"]!.GetValue<string>());
        }
        finally
        {
            await messagingTab.DisposeAsync();
            await voiceTab.DisposeAsync();
        }

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }
}
