using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Lifecycle;

/// <summary>
/// Rules the console and SDK rely on: conflicts that say who holds control, a customer token bound to its own
/// session, a customer that reconnects after a page navigation, and agent activity that keeps a session alive.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class SessionRulesTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AnsweringWithoutAPendingRequestIsAConflictThatChangesNothing()
    {
        var (_, agent, sessionId, customer) = await StartAsync("call-rules-no-request");

        (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertProblem(HttpStatusCode.Conflict);
        (await _api.PostAsync(Path(sessionId, "control-requests/deny"), customer)).AssertProblem(HttpStatusCode.Conflict);

        var session = await _api.SessionAsync(agent, sessionId);
        Assert.Equal(("viewOnly", 1), (session["state"]!.GetValue<string>(), session["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ASecondAgentAskingForControlIsToldWhoHoldsTheRequestOrControl()
    {
        var (tenant, first, sessionId, customer) = await StartAsync("call-rules-holder");
        var second = await _api.AgentTokenAsync(tenant, "bob");
        (await _api.PostAsync(Path(sessionId, "control-requests"), first)).AssertStatus(HttpStatusCode.OK);

        var whilePending = (await _api.PostAsync(Path(sessionId, "control-requests"), second)).AssertProblem(HttpStatusCode.Conflict);
        (await _api.PostAsync(Path(sessionId, "control-requests/approve"), customer)).AssertStatus(HttpStatusCode.OK);
        var whileInControl = (await _api.PostAsync(Path(sessionId, "control-requests"), second)).AssertProblem(HttpStatusCode.Conflict);
        var secondRevokes = await _api.PostAsync(Path(sessionId, "control/revoke"), second);

        Assert.Contains("'agent-1'", whilePending.Text("detail"), StringComparison.Ordinal);
        Assert.Contains("'agent-1' is in control", whileInControl.Text("detail"), StringComparison.Ordinal);
        secondRevokes.AssertProblem(HttpStatusCode.Conflict);
        var session = await _api.SessionAsync(first, sessionId);
        Assert.Equal(("control", "agent-1"), (session["state"]!.GetValue<string>(), session["controlAgentId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ACustomerTokenOfOneSessionCannotActOnAnother()
    {
        var (tenant, agent, sessionA, customerA) = await StartAsync("call-rules-a");
        var (sessionB, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-rules-b");
        (await _api.PostAsync(Path(sessionB, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);

        foreach (var action in new[] { "control-requests/approve", "control-requests/deny", "control/revoke", "end", "activity", "realtime/negotiate" })
        {
            (await _api.PostAsync(Path(sessionB, action), customerA)).AssertProblem(HttpStatusCode.Forbidden);
        }

        (await _api.GetAsync($"/api/v1/sessions/{sessionB}", customerA)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.PostAsync(Path(sessionB, "control-requests"), customerA)).AssertProblem(HttpStatusCode.Forbidden);
        var b = await _api.SessionAsync(agent, sessionB);
        Assert.Equal(("controlRequested", 2), (b["state"]!.GetValue<string>(), b["version"]!.GetValue<int>()));
        Assert.Equal("viewOnly", (await _api.SessionAsync(customerA, sessionA))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AfterAPageNavigationTheCustomerNegotiatesAgainAndItsNewConnectionHearsTheSession()
    {
        var (tenant, agent, sessionId, customer) = await StartAsync("call-rules-navigation");
        var firstPage = await PubSubTestClient.ConnectAsync(await NegotiateAsync(sessionId, customer));
        await firstPage.DisposeAsync(); // the page unloads

        await using var secondPage = await PubSubTestClient.ConnectAsync(await NegotiateAsync(sessionId, customer));
        (await _api.PostAsync(Path(sessionId, "control-requests"), agent)).AssertStatus(HttpStatusCode.OK);

        var frame = await secondPage.WaitForGroupMessageAsync($"s.{sessionId}.state");
        Assert.Equal("controlRequested", frame["data"]!["state"]!.GetValue<string>());
        Assert.Equal($"c:{tenant.TenantId}:{sessionId}", secondPage.Connected["userId"]!.GetValue<string>());
        Assert.Equal("controlRequested", (await _api.SessionAsync(customer, sessionId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAgentsActivityAlsoPostponesTheInactivityEnd()
    {
        var tenant = await _api.CreateTenantAsync(webChatSeconds: 4);
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartOfferSessionAsync(tenant, agent, "chat-rules-agent-active", "webChat");
        var started = DateTime.UtcNow;

        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(8))
        {
            (await _api.PostAsync(Path(sessionId, "activity"), agent)).AssertStatus(HttpStatusCode.Accepted);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", TimeSpan.FromSeconds(30));
        Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
    }

    private static string Path(string sessionId, string action) => $"/api/v1/sessions/{sessionId}/{action}";

    private async Task<string> NegotiateAsync(string sessionId, string token) =>
        (await _api.PostAsync(Path(sessionId, "realtime/negotiate"), token)).AssertStatus(HttpStatusCode.OK).Text("url");

    private async Task<(TestTenant Tenant, string Agent, string SessionId, string Customer)> StartAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        return (tenant, agent, sessionId, customer);
    }
}
