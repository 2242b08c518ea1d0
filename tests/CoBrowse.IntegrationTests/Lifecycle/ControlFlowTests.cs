using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Lifecycle;

/// <summary>The navigation request: an agent asks for control, the customer answers, and either side hands it back.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class ControlFlowTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ANavigationRequestGoesThroughApproveRevokeAndDenyWithATimelineOfEachStep()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-control-flow");

        var requested = (await _api.PostAsync(Path(sessionId, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);
        var approved = (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertStatus(HttpStatusCode.OK);
        var revoked = (await _api.PostAsync(Path(sessionId, "control/revoke"), customer)).AssertStatus(HttpStatusCode.OK);
        var requestedAgain = (await _api.PostAsync(Path(sessionId, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);
        var denied = (await _api.PostAsync(Path(sessionId, "control-requests/deny"), customer)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(("controlRequested", "agent-1"), (requested.Text("state"), requested.Text("controlAgentId")));
        Assert.Equal(("control", "agent-1"), (approved.Text("state"), approved.Text("controlAgentId")));
        Assert.Equal("viewOnly", revoked.Text("state"));
        Assert.Null(revoked.Body!["controlAgentId"]);
        Assert.Equal(("controlRequested", "agent-1"), (requestedAgain.Text("state"), requestedAgain.Text("controlAgentId")));
        Assert.Equal("viewOnly", denied.Text("state"));
        Assert.Null(denied.Body!["controlAgentId"]);
        var versions = new[] { requested, approved, revoked, requestedAgain, denied }.Select(r => r.Body!["version"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(versions[0], 5), versions);
        var stored = await _api.SessionAsync(agent, sessionId);
        Assert.Equal(("viewOnly", versions[^1]), (stored["state"]!.GetValue<string>(), stored["version"]!.GetValue<int>()));

        var controlEvents = (await _api.TimelineAsync(agent, "call-control-flow"))
            .Where(e => e!["sessionId"]!.GetValue<string>() == sessionId && e["type"]!.GetValue<string>().StartsWith("control", StringComparison.Ordinal))
            .Select(e => (e!["type"]!.GetValue<string>(), e["actorKind"]!.GetValue<string>(), e["actorId"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(
            [
                ("controlRequested", "agent", "agent-1"),
                ("controlGranted", "customer", "customer"),
                ("controlRevoked", "customer", "customer"),
                ("controlRequested", "agent", "agent-1"),
                ("controlDenied", "customer", "customer"),
            ],
            controlEvents);
    }

    [Fact]
    public async Task TwoAgentsRacingForControlLeaveExactlyOneWinner()
    {
        var (tenant, first, sessionId, _) = await StartSessionAsync("call-control-race");
        var second = await _api.AgentTokenAsync(tenant, "agent-2");

        var responses = await Task.WhenAll(
            _api.PostAsync(Path(sessionId, "control-requests"), first),
            _api.PostAsync(Path(sessionId, "control-requests"), second));

        var winner = Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.Single(responses, r => r.Status == HttpStatusCode.Conflict).AssertProblem(HttpStatusCode.Conflict);
        var session = await _api.SessionAsync(first, sessionId);
        Assert.Equal("controlRequested", session["state"]!.GetValue<string>());
        Assert.Equal(winner.Text("controlAgentId"), session["controlAgentId"]!.GetValue<string>());
        Assert.Contains(winner.Text("controlAgentId"), new[] { "agent-1", "agent-2" });
        Assert.Single(await _api.TimelineAsync(first, "call-control-race"), e => e!["type"]!.GetValue<string>() == "controlRequested");
    }

    [Fact]
    public async Task RevokingWhenAlreadyViewOnlyIsAnIdempotentSuccess()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-revoke-idle");
        var before = await _api.SessionAsync(agent, sessionId);

        var revoked = await _api.PostAsync(Path(sessionId, "control/revoke"), customer);

        revoked.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("viewOnly", revoked.Text("state"));
        Assert.Equal(before["version"]!.GetValue<int>(), revoked.Body!["version"]!.GetValue<int>());
        Assert.Equal(before["version"]!.GetValue<int>(), (await _api.SessionAsync(agent, sessionId))["version"]!.GetValue<int>());
        Assert.DoesNotContain(await _api.TimelineAsync(agent, "call-revoke-idle"), e => e!["type"]!.GetValue<string>() == "controlRevoked");
    }

    [Fact]
    public async Task TheCustomerCanWithdrawAPendingRequestByRevoking()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-revoke-request");
        (await _api.PostAsync(Path(sessionId, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);

        var revoked = (await _api.PostAsync(Path(sessionId, "control/revoke"), customer)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("viewOnly", revoked.Text("state"));
        Assert.Null(revoked.Body!["controlAgentId"]);
        // The request is gone: approving it now is a conflict.
        (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyTheControllingAgentCanHandControlBack()
    {
        var (tenant, controlling, sessionId, customer) = await StartSessionAsync("call-hand-back");
        var bystander = await _api.AgentTokenAsync(tenant, "agent-2");
        (await _api.PostAsync(Path(sessionId, "control-requests"), controlling)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertStatus(HttpStatusCode.OK);

        var byBystander = await _api.PostAsync(Path(sessionId, "control/revoke"), bystander);
        var stillInControl = await _api.SessionAsync(controlling, sessionId);
        var byController = await _api.PostAsync(Path(sessionId, "control/revoke"), controlling);

        byBystander.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(("control", "agent-1"), (stillInControl["state"]!.GetValue<string>(), stillInControl["controlAgentId"]!.GetValue<string>()));
        byController.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("viewOnly", byController.Text("state"));
        var revokedEvent = Assert.Single(await _api.TimelineAsync(controlling, "call-hand-back"), e => e!["type"]!.GetValue<string>() == "controlRevoked");
        Assert.Equal(("agent", "agent-1"), (revokedEvent!["actorKind"]!.GetValue<string>(), revokedEvent["actorId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task EndingTwiceReturnsTheFirstEndAndRecordsOneEndEvent()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-end-twice");
        var first = (await _api.PostAsync(Path(sessionId, "end"), customer)).AssertStatus(HttpStatusCode.OK);

        var again = await _api.PostAsync(Path(sessionId, "end"), customer);
        var byAgent = await _api.PostAsync(Path(sessionId, "end"), agent);

        foreach (var repeat in new[] { again, byAgent })
        {
            repeat.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("ended", repeat.Text("state"));
            Assert.Equal("customerEnded", repeat.Text("endReason"));
            Assert.Equal(first.Text("endedAt"), repeat.Text("endedAt"));
            Assert.Equal(first.Body!["version"]!.GetValue<int>(), repeat.Body!["version"]!.GetValue<int>());
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var ends = (await _api.TimelineAsync(agent, "call-end-twice")).Where(e => e!["type"]!.GetValue<string>() == "sessionEnded").ToList();
        var end = Assert.Single(ends);
        Assert.Equal(("customerEnded", "customer"), (end!["endReason"]!.GetValue<string>(), end["actorKind"]!.GetValue<string>()));
    }

    private static string Path(string sessionId, string action) => $"/api/v1/sessions/{sessionId}/{action}";

    private async Task<(TestTenant Tenant, string Agent, string SessionId, string Customer)> StartSessionAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        return (tenant, agent, sessionId, customer);
    }
}
