using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>The customer SDK reads its tenant's masking and blocking rules, only from the tenant's own origins.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class SiteConfigTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task APageOnAnAllowedOriginGetsTheTenantsSelectors()
    {
        var created = (await _api.PostAsync(
            "/api/v1/admin/tenants",
            body: new
            {
                tenantId = $"site-{Guid.NewGuid():N}"[..20],
                allowedOrigins = new[] { "https://shop.example.test" },
                maskSelectors = new[] { ".iban" },
                redactSelectors = new[] { "#statement" },
                blockSelectors = new[] { "#pay-now" },
            },
            headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey })).AssertStatus(HttpStatusCode.Created);

        var config = (await GetConfigAsync(created.Text("siteKey"), "https://shop.example.test")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(".iban", config.Body!["maskSelectors"]![0]!.GetValue<string>());
        Assert.Equal("#statement", config.Body!["redactSelectors"]![0]!.GetValue<string>());
        Assert.Equal("#pay-now", config.Body!["blockSelectors"]![0]!.GetValue<string>());
        Assert.Null(config.Body!["tenantId"]);
    }

    [Fact]
    public async Task AnotherOriginIsRefusedAndAnUnknownSiteKeyIsNotFound()
    {
        var tenant = await _api.CreateTenantAsync();

        var wrongOrigin = await GetConfigAsync(tenant.SiteKey, "https://evil.example.test");
        var noOrigin = await GetConfigAsync(tenant.SiteKey, origin: null);
        var unknown = await GetConfigAsync("site_does_not_exist", tenant.Origin);

        wrongOrigin.AssertProblem(HttpStatusCode.Forbidden);
        noOrigin.AssertProblem(HttpStatusCode.Forbidden);
        unknown.AssertProblem(HttpStatusCode.NotFound);
    }

    private Task<ApiResponse> GetConfigAsync(string siteKey, string? origin) =>
        _api.SendAsync(
            HttpMethod.Get,
            $"/api/v1/sites/{siteKey}/config",
            headers: origin is null ? null : new Dictionary<string, string> { ["Origin"] = origin });
}
