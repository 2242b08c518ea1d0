using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>
/// A page served from the API's own host (the local demo) reads its config with a same-origin GET, which carries no
/// Origin header; the browser's Sec-Fetch-Site (which scripts cannot set) says it is same-origin.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class SiteConfigSameOriginTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ASameOriginReadIsJudgedByTheApisOwnOriginAndNothingElse()
    {
        var ownOrigin = stack.BaseUrl.GetLeftPart(UriPartial.Authority);
        var servedHere = await CreateTenantAsync(ownOrigin);
        var servedElsewhere = await _api.CreateTenantAsync();

        var sameOrigin = await GetConfigAsync(servedHere, "same-origin");
        var crossSite = await GetConfigAsync(servedHere, "cross-site");
        var otherTenant = await GetConfigAsync(servedElsewhere.SiteKey, "same-origin");

        sameOrigin.AssertStatus(HttpStatusCode.OK);
        crossSite.AssertProblem(HttpStatusCode.Forbidden);
        otherTenant.AssertProblem(HttpStatusCode.Forbidden);
    }

    private async Task<string> CreateTenantAsync(string origin) =>
        (await _api.PostAsync(
            "/api/v1/admin/tenants",
            body: new { tenantId = $"so-{Guid.NewGuid():N}"[..20], allowedOrigins = new[] { origin } },
            headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey }))
            .AssertStatus(HttpStatusCode.Created).Text("siteKey");

    private Task<ApiResponse> GetConfigAsync(string siteKey, string fetchSite) =>
        _api.SendAsync(HttpMethod.Get, $"/api/v1/sites/{siteKey}/config", headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = fetchSite });
}
