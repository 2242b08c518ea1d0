using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>PATCH /admin/tenants/{id}: settings change at once for the site config and for new sessions.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class TenantUpdateTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task SelectorsAndOriginsReachTheSiteConfigAtOnce()
    {
        var tenant = await _api.CreateTenantAsync();

        var updated = (await PatchAsync(tenant.TenantId, new
        {
            maskSelectors = new[] { ".iban" },
            redactSelectors = new[] { "#statement" },
            blockSelectors = new[] { "#pay-now", "form.checkout button[type=submit]" },
            allowedOrigins = new[] { tenant.Origin, "https://second.example.test" },
        })).AssertStatus(HttpStatusCode.OK);
        var config = (await ConfigAsync(tenant.SiteKey, "https://second.example.test")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(tenant.SiteKey, updated.Text("siteKey"));
        Assert.Equal(2, updated.Body!["allowedOrigins"]!.AsArray().Count);
        Assert.Null(updated.Body["apiKey"]);
        Assert.Equal([".iban"], config.Body!["maskSelectors"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["#statement"], config.Body["redactSelectors"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["#pay-now", "form.checkout button[type=submit]"], config.Body["blockSelectors"]!.AsArray().Select(n => n!.GetValue<string>()));

        (await PatchAsync(tenant.TenantId, new { allowedOrigins = new[] { "https://second.example.test" } })).AssertStatus(HttpStatusCode.OK);
        (await ConfigAsync(tenant.SiteKey, tenant.Origin)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal([".iban"], (await ConfigAsync(tenant.SiteKey, "https://second.example.test")).Body!["maskSelectors"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task AShorterTimeoutAppliesToTheNextSession()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);

        var updated = (await PatchAsync(tenant.TenantId, new { timeouts = new { webMessagingSeconds = 3 } })).AssertStatus(HttpStatusCode.OK);
        var (sessionId, _) = await _api.StartOfferSessionAsync(tenant, agent, "messaging-patched-timeout", "webMessaging");

        Assert.Equal(3, updated.Body!["timeouts"]!["webMessagingSeconds"]!.GetValue<int>());
        var ended = await _api.WaitForStateAsync(agent, sessionId, "ended", TimeSpan.FromSeconds(30));
        Assert.Equal("inactivity", ended["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadInputUnknownTenantsAndMissingAdminKeyAreRefused()
    {
        var tenant = await _api.CreateTenantAsync();

        (await PatchAsync(tenant.TenantId, new { allowedOrigins = Array.Empty<string>() })).AssertProblem(HttpStatusCode.BadRequest);
        (await PatchAsync(tenant.TenantId, new { retentionDays = 0 })).AssertProblem(HttpStatusCode.BadRequest);
        (await PatchAsync(tenant.TenantId, new { siteKey = "site_mine" })).AssertProblem(HttpStatusCode.BadRequest);
        (await PatchAsync("no-such-tenant", new { name = "x" })).AssertProblem(HttpStatusCode.NotFound);
        (await _api.SendAsync(HttpMethod.Patch, $"/api/v1/admin/tenants/{tenant.TenantId}", tenant.ApiKey, new { name = "x" })).AssertProblem(HttpStatusCode.Unauthorized);
        (await ConfigAsync(tenant.SiteKey, tenant.Origin)).AssertStatus(HttpStatusCode.OK);
    }

    private Task<ApiResponse> PatchAsync(string tenantId, object body) =>
        _api.SendAsync(HttpMethod.Patch, $"/api/v1/admin/tenants/{tenantId}", body: body, headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey });

    private Task<ApiResponse> ConfigAsync(string siteKey, string origin) =>
        _api.SendAsync(HttpMethod.Get, $"/api/v1/sites/{siteKey}/config", headers: new Dictionary<string, string> { ["Origin"] = origin });
}
