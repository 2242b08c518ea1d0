using System.Net.WebSockets;
using CoBrowse.IntegrationTests.Infrastructure;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>The relay (with the functions and the durable engine: one process locally) stops and starts again.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class StackRestartTests(FaultStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AfterARestartClientsReconnectFramesFlowAgainAndTheSessionKeepsItsStateAndControl()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-restart");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-restart");
        var customerUrl = await NegotiateAsync(_api, sessionId, customer);
        await using var customerBefore = await PubSubTestClient.ConnectAsync(customerUrl);
        await using var agentBefore = await ConnectAsync(_api, sessionId, agent);
        (await _api.PostAsync(Path(sessionId, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertStatus(HttpStatusCode.OK);
        await WaitForTimelineAsync(_api, agent, "call-restart", e => Is(e, "participantConnected"), 2, Patience);
        var before = await _api.SessionAsync(agent, sessionId);

        await stack.StopStackAsync();
        try
        {
            foreach (var socket in new[] { customerBefore, agentBefore })
            {
                Assert.Equal("The service is stopping.", (await WaitForDisconnectedAsync(socket))["message"]!.GetValue<string>());
            }

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, customerBefore.CloseStatus);
            await Assert.ThrowsAsync<WebSocketException>(() => PubSubTestClient.ConnectAsync(customerUrl));
        }
        finally
        {
            await stack.StartStackAsync();
        }

        // The session lives in storage and the durable entities: nothing about it changed.
        var after = await _api.SessionAsync(agent, sessionId);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());

        // The customer comes back with the URL it still holds, the agent with a fresh negotiate; connect re-checks
        // the session and gives the agent in control its send role on ctl again.
        await using var customerAfter = await PubSubTestClient.ConnectAsync(customerUrl);
        await using var agentAfter = await ConnectAsync(_api, sessionId, agent);
        await AssertFrameFlowsAsync(customerAfter, agentAfter, $"s.{sessionId}.view", "page-after-restart");
        await AssertFrameFlowsAsync(agentAfter, customerAfter, $"s.{sessionId}.guide", "pointer-after-restart");
        await AssertFrameFlowsAsync(agentAfter, customerAfter, $"s.{sessionId}.ctl", "click-after-restart");

        // Presence follows the live connections only: the two from before the restart are gone.
        await WaitForTimelineAsync(_api, agent, "call-restart", e => Is(e, "participantConnected"), 4, Patience);
        var participants = await WaitForParticipantsAsync(tenant, sessionId, 2);
        Assert.Equal(["agent", "customer"], participants.Select(p => p!["kind"]!.GetValue<string>()).Order());

        (await _api.PostAsync(Path(sessionId, "control/revoke"), customer)).AssertStatus(HttpStatusCode.OK);
        await WaitForStateFrameAsync(agentAfter, sessionId, "controlRevoked");
        PubSubAssert.Forbidden(await agentAfter.SendToGroupAsync($"s.{sessionId}.ctl", new JsonObject { ["marker"] = "click-after-revoke" }));
        (await _api.PostAsync(Path(sessionId, "end"), agent)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("session-ended:agentEnded", (await WaitForDisconnectedAsync(customerAfter))["message"]!.GetValue<string>());

        await SessionInvariants.AssertHoldAsync(_api, tenant);
    }

    /// <summary>Polls the live view until the session shows <paramref name="count"/> connected participants.</summary>
    private async Task<JsonArray> WaitForParticipantsAsync(TestTenant tenant, string sessionId, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonArray participants;
        do
        {
            var live = (await _api.GetAsync("/api/v1/live/sessions", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
            participants = live.Body!["sessions"]!.AsArray().Single(s => s!["sessionId"]!.GetValue<string>() == sessionId)!["participants"]!.AsArray();
            if (participants.Count == count)
            {
                return participants;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Session {sessionId} shows {participants.Count} connected participants, not {count}: {participants.ToJsonString()}");
    }
}
