using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>GET /sessions: the console's list of a tenant's sessions, from the caller's tenant only.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class SessionListTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ActiveListsPendingAndSharingSessionsNewestFirstButNotEndedOnes()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (ended, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-list-ended");
        (await _api.PostAsync($"/api/v1/sessions/{ended}/end", agent)).AssertStatus(HttpStatusCode.OK);
        var (sharing, _) = await _api.StartOfferSessionAsync(tenant, agent, "chat-list-sharing", "webChat");
        var pending = (await _api.PostAsync("/api/v1/interactions/call-list-pending/security-keys", agent, new { externalContactId = "crm-42" })).AssertStatus(HttpStatusCode.Created).Text("sessionId");

        var active = await ListAsync(agent, "?state=active");
        var byDefault = await ListAsync(agent, string.Empty);

        Assert.Equal([pending, sharing], active.Select(s => s["sessionId"]!.GetValue<string>()));
        Assert.Equal([pending, sharing], byDefault.Select(s => s["sessionId"]!.GetValue<string>()));
        Assert.Equal(("pending", "crm-42"), (active[0]["state"]!.GetValue<string>(), active[0]["externalContactId"]!.GetValue<string>()));
        Assert.Equal(("viewOnly", "webChat"), (active[1]["state"]!.GetValue<string>(), active[1]["channel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AllIncludesEndedSessionsAndAnInteractionNarrowsTheList()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (first, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-list-a");
        (await _api.PostAsync($"/api/v1/sessions/{first}/end", agent)).AssertStatus(HttpStatusCode.OK);
        var (second, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-list-a");
        var (other, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-list-b");

        var all = await ListAsync(agent, "?state=all");
        var interactionAll = await ListAsync(agent, "?state=all&interactionId=call-list-a");
        var interactionActive = await ListAsync(agent, "?interactionId=call-list-a");

        Assert.Equal([other, second, first], all.Select(s => s["sessionId"]!.GetValue<string>()));
        Assert.Equal("ended", all[2]["state"]!.GetValue<string>());
        Assert.Equal([second, first], interactionAll.Select(s => s["sessionId"]!.GetValue<string>()));
        Assert.Equal([second], interactionActive.Select(s => s["sessionId"]!.GetValue<string>()));
        (await _api.GetAsync("/api/v1/sessions?state=ended", agent)).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnotherTenantsAgentNeverSeesTheSessions()
    {
        var tenantA = await _api.CreateTenantAsync();
        var tenantB = await _api.CreateTenantAsync();
        var agentA = await _api.AgentTokenAsync(tenantA);
        var agentB = await _api.AgentTokenAsync(tenantB, "agent-b");
        var (sessionA, _) = await _api.StartVoiceSessionAsync(tenantA, agentA, "call-isolated");
        var (sessionB, _) = await _api.StartVoiceSessionAsync(tenantB, agentB, "call-isolated");

        var seenByB = await ListAsync(agentB, "?state=all&interactionId=call-isolated");
        var seenByA = await ListAsync(agentA, "?state=all");

        Assert.Equal([sessionB], seenByB.Select(s => s["sessionId"]!.GetValue<string>()));
        Assert.Equal([sessionA], seenByA.Select(s => s["sessionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OnlyAgentsAndSupervisorsMayList()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (_, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-list-roles");
        var supervisor = await _api.AgentTokenAsync(tenant, "sup-1", "supervisor");
        var reporting = await _api.AgentTokenAsync(tenant, "report-1", "reporting");

        Assert.Single(await ListAsync(supervisor, string.Empty));
        (await _api.GetAsync("/api/v1/sessions", customer)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.GetAsync("/api/v1/sessions", reporting)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.GetAsync("/api/v1/sessions", tenant.ApiKey)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.GetAsync("/api/v1/sessions")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    private async Task<List<JsonNode>> ListAsync(string token, string query) =>
        (await _api.GetAsync($"/api/v1/sessions{query}", token)).AssertStatus(HttpStatusCode.OK).Body!["sessions"]!.AsArray().Select(n => n!).ToList();
}
