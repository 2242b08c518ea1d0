using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>The customer's page runs on the tenant's origin: the routes it calls answer preflights and allow it to read every response.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class CorsTests(LocalStackFixture stack)
{
    private const string Foreign = "https://shop.elsewhere.test";
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Theory]
    [InlineData("GET", "/api/v1/sites/site_x/config")]
    [InlineData("POST", "/api/v1/security-keys/redeem")]
    [InlineData("POST", "/api/v1/offers/o1/accept")]
    [InlineData("POST", "/api/v1/offers/o1/decline")]
    [InlineData("GET", "/api/v1/sessions/s1")]
    [InlineData("POST", "/api/v1/sessions/s1/realtime/negotiate")]
    [InlineData("POST", "/api/v1/sessions/s1/control-requests/approve")]
    [InlineData("POST", "/api/v1/sessions/s1/control-requests/deny")]
    [InlineData("POST", "/api/v1/sessions/s1/control/revoke")]
    [InlineData("POST", "/api/v1/sessions/s1/end")]
    [InlineData("POST", "/api/v1/sessions/s1/activity")]
    public async Task ACustomerRouteAnswersAPreflightFromAnyOrigin(string method, string path)
    {
        var response = await PreflightAsync(path, method);

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal(Foreign, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(method, Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("authorization, content-type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task RealResponsesAndProblemsCarryTheOriginSoTheSdkCanReadThem()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-cors");
        var origin = new Dictionary<string, string> { ["Origin"] = tenant.Origin };

        var session = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/sessions/{sessionId}", customer, headers: origin)).AssertStatus(HttpStatusCode.OK);
        var badKey = (await _api.RedeemAsync(tenant, "000000", clientAddress: "203.0.113.77")).AssertProblem(HttpStatusCode.NotFound);
        var wrongOrigin = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/sites/{tenant.SiteKey}/config", headers: new Dictionary<string, string> { ["Origin"] = Foreign }))
            .AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal(tenant.Origin, Header(session, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", session.Headers.Vary);
        Assert.Equal(tenant.Origin, Header(badKey, "Access-Control-Allow-Origin"));
        Assert.Equal("Retry-After", Header(badKey, "Access-Control-Expose-Headers")); // so the SDK can say how long a 429 lasts
        Assert.Equal(Foreign, Header(wrongOrigin, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ServerToServerAndAgentRoutesDoNotTakePartInCors()
    {
        var tenant = await _api.CreateTenantAsync();

        var preflight = await PreflightAsync("/api/v1/agent-tokens", "POST");
        var minted = await _api.PostAsync("/api/v1/agent-tokens", tenant.ApiKey, new { agentId = "a1" }, new Dictionary<string, string> { ["Origin"] = Foreign });

        Assert.NotEqual(HttpStatusCode.NoContent, preflight.Status);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        minted.AssertStatus(HttpStatusCode.OK);
        Assert.False(minted.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private Task<ApiResponse> PreflightAsync(string path, string method) =>
        _api.SendAsync(HttpMethod.Options, path, headers: new Dictionary<string, string>
        {
            ["Origin"] = Foreign,
            ["Access-Control-Request-Method"] = method,
            ["Access-Control-Request-Headers"] = "authorization, content-type",
        });

    private static string? Header(ApiResponse response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
