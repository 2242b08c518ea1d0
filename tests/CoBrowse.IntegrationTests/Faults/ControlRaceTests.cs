using CoBrowse.IntegrationTests.Infrastructure;
using static CoBrowse.IntegrationTests.Faults.FaultCalls;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// Two agents on one session keep racing for control, round after round, while the customer answers twice at once
/// and both the customer and the controlling agent revoke at once: every race has one outcome, told to everyone.
/// </summary>
[Collection(FaultStackCollection.Name)]
public sealed class ControlRaceTests(FaultStack stack)
{
    private const int Rounds = 6;
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task EachRoundHasOneWinnerTheLoserIsToldWhoAndTheStateGroupTellsBothAgents()
    {
        var tenant = await _api.CreateTenantAsync();
        var agents = new Dictionary<string, string>
        {
            ["agent-red"] = await _api.AgentTokenAsync(tenant, "agent-red"),
            ["agent-blue"] = await _api.AgentTokenAsync(tenant, "agent-blue"),
        };
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agents["agent-red"], "call-race");
        await using var red = await ConnectAsync(_api, sessionId, agents["agent-red"]);
        await using var blue = await ConnectAsync(_api, sessionId, agents["agent-blue"]);
        await using var customerSocket = await ConnectAsync(_api, sessionId, customer);
        var version = (await _api.SessionAsync(customer, sessionId))["version"]!.GetValue<int>();
        var wins = new Dictionary<string, int> { ["agent-red"] = 0, ["agent-blue"] = 0 };

        for (var round = 0; round < Rounds; round++)
        {
            var requests = await Task.WhenAll(agents.Select(async a => (Agent: a.Key, Answer: await _api.PostAsync(Path(sessionId, "control-requests"), a.Value))));
            var (winner, won) = Assert.Single(requests, r => r.Answer.Status == HttpStatusCode.OK);
            var (loser, lost) = Assert.Single(requests, r => r.Answer.Status != HttpStatusCode.OK);
            lost.AssertProblem(HttpStatusCode.Conflict);
            Assert.Contains($"'{winner}'", lost.Text("detail"), StringComparison.Ordinal);
            Assert.Equal((++version, winner), (won.Body!["version"]!.GetValue<int>(), won.Text("controlAgentId")));
            wins[winner]++;
            foreach (var socket in new[] { red, blue })
            {
                var told = await WaitForVersionAsync(socket, sessionId, version);
                Assert.Equal(("controlRequested", winner), (told["change"]!.GetValue<string>(), told["controlAgentId"]!.GetValue<string>()));
            }

            if (round % 2 == 0)
            {
                // The customer's Approve arrives twice at once: one grant, the same answer to both.
                var approvals = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)));
                Assert.All(approvals, a => a.AssertStatus(HttpStatusCode.OK));
                Assert.All(approvals, a => Assert.Equal(version + 1, a.Body!["version"]!.GetValue<int>()));
                version++;
                (await _api.PostAsync(Path(sessionId, "control-requests"), agents[loser])).AssertProblem(HttpStatusCode.Conflict);
                await AssertFrameFlowsAsync(Socket(winner), customerSocket, $"s.{sessionId}.ctl", $"click-round-{round}");
                PubSubAssert.Forbidden(await Socket(loser).SendToGroupAsync($"s.{sessionId}.ctl", new JsonObject { ["marker"] = "not-mine" }));

                // Customer and controlling agent revoke at the same moment: one revoke.
                var revokes = await Task.WhenAll(
                    _api.PostAsync(Path(sessionId, "control/revoke"), customer),
                    _api.PostAsync(Path(sessionId, "control/revoke"), agents[winner]));
                Assert.All(revokes, r => Assert.Equal("viewOnly", r.AssertStatus(HttpStatusCode.OK).Text("state")));
                version++;
            }
            else
            {
                (await _api.PostAsync(Path(sessionId, "control-requests/deny"), customer)).AssertStatus(HttpStatusCode.OK);
                version++;
            }

            foreach (var socket in new[] { red, blue })
            {
                Assert.Equal("viewOnly", (await WaitForVersionAsync(socket, sessionId, version))["state"]!.GetValue<string>());
            }
        }

        var session = await _api.SessionAsync(customer, sessionId);
        Assert.Equal(("viewOnly", version), (session["state"]!.GetValue<string>(), session["version"]!.GetValue<int>()));
        Assert.Null(session["controlAgentId"]);
        var control = (await _api.TimelineAsync(agents["agent-red"], "call-race")).Select(e => e!["type"]!.GetValue<string>()).Where(t => t.StartsWith("control", StringComparison.Ordinal)).ToList();
        Assert.Equal(Rounds, control.Count(t => t == "controlRequested"));
        Assert.Equal((Rounds + 1) / 2, control.Count(t => t == "controlGranted"));
        Assert.Equal((Rounds + 1) / 2, control.Count(t => t == "controlRevoked"));
        Assert.Equal(Rounds / 2, control.Count(t => t == "controlDenied"));
        Assert.Equal(Rounds, wins.Values.Sum());
        await SessionInvariants.AssertHoldAsync(_api, tenant);

        PubSubTestClient Socket(string agent) => agent == "agent-red" ? red : blue;
    }

    private static async Task<JsonNode> WaitForVersionAsync(PubSubTestClient socket, string sessionId, int version) =>
        (await socket.WaitForGroupMessageAsync(
            $"s.{sessionId}.state",
            f => f["fromUserId"] is null && f["data"]?["version"]?.GetValue<int>() == version))["data"]!;
}
