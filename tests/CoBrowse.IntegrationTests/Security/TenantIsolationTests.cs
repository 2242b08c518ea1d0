using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// One tenant's credentials never reach another tenant's sessions, keys, offers or timeline, and a customer token
/// reaches only its own session. Both tenants use the same interaction id where that could matter.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class TenantIsolationTests(LocalStackFixture stack)
{
    private const string SharedInteraction = "shared-call";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AnotherTenantsSessionIsNotFoundWithThisTenantsAgentTokenOrApiKey()
    {
        var (a, b) = await TwoTenantsAsync();
        var (bSession, _) = await _api.StartVoiceSessionAsync(b.Tenant, b.Agent, SharedInteraction);

        var withAgentToken = await _api.GetAsync($"/api/v1/sessions/{bSession}", a.Agent);
        var withApiKey = await _api.GetAsync($"/api/v1/sessions/{bSession}", a.Tenant.ApiKey);

        withAgentToken.AssertProblem(HttpStatusCode.NotFound);
        withApiKey.AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(b.Tenant.TenantId, withAgentToken.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SharedInteraction, withApiKey.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("viewOnly", State(await _api.SessionAsync(b.Agent, bSession)));
    }

    [Fact]
    public async Task AnotherTenantsSessionIsForbiddenWithThisTenantsCustomerToken()
    {
        var (a, b) = await TwoTenantsAsync();
        var (_, aCustomer) = await _api.StartVoiceSessionAsync(a.Tenant, a.Agent, SharedInteraction);
        var (bSession, _) = await _api.StartVoiceSessionAsync(b.Tenant, b.Agent, SharedInteraction);
        (await _api.PostAsync($"/api/v1/sessions/{bSession}/control-requests", b.Agent)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(b.Agent, bSession);

        var read = await _api.GetAsync($"/api/v1/sessions/{bSession}", aCustomer);
        var approve = await _api.PostAsync($"/api/v1/sessions/{bSession}/control-requests/approve", aCustomer);
        var end = await _api.PostAsync($"/api/v1/sessions/{bSession}/end", aCustomer);

        read.AssertProblem(HttpStatusCode.Forbidden);
        approve.AssertProblem(HttpStatusCode.Forbidden);
        end.AssertProblem(HttpStatusCode.Forbidden);
        AssertUnchanged(before, await _api.SessionAsync(b.Agent, bSession));
    }

    [Theory]
    [InlineData("control-requests")]
    [InlineData("end")]
    [InlineData("control/revoke")]
    [InlineData("activity")]
    public async Task ThisTenantsAgentCannotActOnAnotherTenantsSession(string action)
    {
        var (a, b) = await TwoTenantsAsync();
        var (bSession, bCustomer) = await _api.StartVoiceSessionAsync(b.Tenant, b.Agent, SharedInteraction);
        (await _api.PostAsync($"/api/v1/sessions/{bSession}/control-requests", b.Agent)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{bSession}/control-requests/approve", bCustomer)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(b.Agent, bSession);
        var bEvents = (await _api.TimelineAsync(b.Agent, SharedInteraction)).Count;

        var response = await _api.PostAsync($"/api/v1/sessions/{bSession}/{action}", a.Agent);

        Assert.Contains(response.Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        response.AssertProblem(response.Status);
        AssertUnchanged(before, await _api.SessionAsync(b.Agent, bSession));
        Assert.Equal(bEvents, (await _api.TimelineAsync(b.Agent, SharedInteraction)).Count);
        Assert.Empty(await _api.TimelineAsync(a.Agent, SharedInteraction));
    }

    [Fact]
    public async Task AnApiKeyRewrittenToNameAnotherTenantIsRefusedWith401()
    {
        var (a, b) = await TwoTenantsAsync();
        var parts = a.Tenant.ApiKey.Split('.');
        var rewritten = string.Join('.', parts[0], b.Tenant.TenantId, parts[2], parts[3]);

        var mint = await _api.PostAsync("/api/v1/agent-tokens", rewritten, new { agentId = "intruder" });
        var timeline = await _api.GetAsync($"/api/v1/interactions/{SharedInteraction}/timeline", rewritten);

        mint.AssertProblem(HttpStatusCode.Unauthorized);
        timeline.AssertProblem(HttpStatusCode.Unauthorized);
        // The original key still works for its own tenant.
        (await _api.PostAsync("/api/v1/agent-tokens", a.Tenant.ApiKey, new { agentId = "agent-1" })).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACustomerTokenWorksOnlyForItsOwnSessionInTheSameTenant()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (_, firstCustomer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-first-customer");
        var (second, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-second-customer");
        // A pending request, so approving would be a valid transition for the right customer.
        (await _api.PostAsync($"/api/v1/sessions/{second}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(agent, second);

        var responses = new[]
        {
            await _api.GetAsync($"/api/v1/sessions/{second}", firstCustomer),
            await _api.PostAsync($"/api/v1/sessions/{second}/control-requests/approve", firstCustomer),
            await _api.PostAsync($"/api/v1/sessions/{second}/control-requests/deny", firstCustomer),
            await _api.PostAsync($"/api/v1/sessions/{second}/control/revoke", firstCustomer),
            await _api.PostAsync($"/api/v1/sessions/{second}/activity", firstCustomer),
            await _api.PostAsync($"/api/v1/sessions/{second}/end", firstCustomer),
        };

        Assert.All(responses, r => r.AssertProblem(HttpStatusCode.Forbidden));
        var after = await _api.SessionAsync(agent, second);
        AssertUnchanged(before, after);
        Assert.Equal("controlRequested", State(after));
    }

    [Fact]
    public async Task TimelinesForTheSameInteractionIdNeverMixTenants()
    {
        var (a, b) = await TwoTenantsAsync();
        var (aSession, _) = await _api.StartVoiceSessionAsync(a.Tenant, a.Agent, SharedInteraction);
        var (bSession, _) = await _api.StartOfferSessionAsync(b.Tenant, b.Agent, SharedInteraction, "webChat");

        var aByAgent = await _api.TimelineAsync(a.Agent, SharedInteraction);
        var aByApiKey = await _api.TimelineAsync(a.Tenant.ApiKey, SharedInteraction);
        var bByAgent = await _api.TimelineAsync(b.Agent, SharedInteraction);

        Assert.NotEmpty(aByAgent);
        Assert.All(aByAgent, e => Assert.Equal(aSession, e!["sessionId"]!.GetValue<string>()));
        Assert.All(aByApiKey, e => Assert.Equal(aSession, e!["sessionId"]!.GetValue<string>()));
        Assert.Equal(aByAgent.Count, aByApiKey.Count);
        Assert.NotEmpty(bByAgent);
        Assert.All(bByAgent, e => Assert.Equal(bSession, e!["sessionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnInteractionEndedWebhookEndsOnlyTheCallingTenantsSessions()
    {
        var (a, b) = await TwoTenantsAsync();
        var (aSession, _) = await _api.StartVoiceSessionAsync(a.Tenant, a.Agent, SharedInteraction);
        var (bSession, _) = await _api.StartVoiceSessionAsync(b.Tenant, b.Agent, SharedInteraction);

        (await _api.PostAsync($"/api/v1/interactions/{SharedInteraction}/events", a.Tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);

        var aEnded = await _api.WaitForStateAsync(a.Agent, aSession, "ended", Patience);
        Assert.Equal("interactionEnded", aEnded["endReason"]!.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("viewOnly", State(await _api.SessionAsync(b.Agent, bSession)));
        Assert.DoesNotContain(await _api.TimelineAsync(b.Agent, SharedInteraction), e => e!["type"]!.GetValue<string>() == "sessionEnded");
        // B's interaction did not end either: a session started on it now stays up.
        var (bLater, _) = await _api.StartVoiceSessionAsync(b.Tenant, b.Agent, SharedInteraction);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("viewOnly", State(await _api.SessionAsync(b.Agent, bLater)));
    }

    [Fact]
    public async Task AKeyIssuedInOneTenantIsNotFoundWithAnotherTenantsSiteKey()
    {
        var (a, b) = await TwoTenantsAsync();
        var (key, aSession) = await _api.IssueKeyAsync(a.Agent, SharedInteraction);

        var response = await _api.RedeemAsync(b.Tenant, key);

        response.AssertProblem(HttpStatusCode.NotFound);
        Assert.False(response.Body!.AsObject().ContainsKey("customerToken"));
        Assert.Equal("pending", State(await _api.SessionAsync(a.Agent, aSession)));
        (await _api.RedeemAsync(a.Tenant, key)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnOfferMadeInOneTenantIsNotFoundWithAnotherTenantsSiteKey()
    {
        var (a, b) = await TwoTenantsAsync();
        var offer = (await _api.PostAsync($"/api/v1/interactions/{SharedInteraction}/offers", a.Agent, new { channel = "webMessaging" })).AssertStatus(HttpStatusCode.Created);

        var accept = await _api.AnswerOfferAsync(b.Tenant, offer.Text("offerId"), accept: true);
        var decline = await _api.AnswerOfferAsync(b.Tenant, offer.Text("offerId"), accept: false);

        accept.AssertProblem(HttpStatusCode.NotFound);
        decline.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("pending", State(await _api.SessionAsync(a.Agent, offer.Text("sessionId"))));
        (await _api.AnswerOfferAsync(a.Tenant, offer.Text("offerId"), accept: true)).AssertStatus(HttpStatusCode.OK);
    }

    private static string State(JsonNode session) => session["state"]!.GetValue<string>();

    private static void AssertUnchanged(JsonNode before, JsonNode after)
    {
        Assert.Equal(State(before), State(after));
        Assert.Equal(before["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
        Assert.Equal(before["updatedAt"]!.GetValue<string>(), after["updatedAt"]!.GetValue<string>());
    }

    private async Task<((TestTenant Tenant, string Agent) A, (TestTenant Tenant, string Agent) B)> TwoTenantsAsync()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        // Same agent id in both tenants: only the tenant tells them apart.
        return ((a, await _api.AgentTokenAsync(a)), (b, await _api.AgentTokenAsync(b)));
    }
}
