using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Security;
using CoBrowse.Core.Tests.Fakes;

namespace CoBrowse.Core.Tests.Application;

public class TenantServiceTests
{
    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task CreatingATenantStoresItWithNormalizedOriginsAndReturnsAWorkingApiKey()
    {
        var request = new NewTenantRequest(
            "globex",
            "  Globex Corp ",
            ["https://Shop.Globex.example:443/", "https://shop.globex.example", "http://localhost:3000"],
            MaskSelectors: ["#card"],
            Timeouts: new ChannelTimeoutOverrides(WebChatSeconds: 60));

        var created = await _h.TenantService.CreateAsync(request, CancellationToken.None);

        var tenant = created.Tenant;
        Assert.Equal("globex", tenant.TenantId);
        Assert.Equal("Globex Corp", tenant.Name);
        Assert.StartsWith("site_", tenant.SiteKey, StringComparison.Ordinal);
        Assert.Equal(["https://shop.globex.example", "http://localhost:3000"], tenant.AllowedOrigins);
        Assert.Equal(["#card"], tenant.MaskSelectors);
        Assert.Empty(tenant.RedactSelectors);
        Assert.Equal(90, tenant.RetentionDays);
        Assert.Equal(TimeSpan.FromMinutes(1), tenant.InactivityTimeouts.WebChat);
        Assert.Equal(_h.Now, tenant.CreatedAt);
        Assert.Contains(tenant, _h.Tenants.All);
        Assert.StartsWith("cbk.globex.", created.ApiKey, StringComparison.Ordinal);
        Assert.NotNull(await _h.TenantService.AuthenticateApiKeyAsync(created.ApiKey, CancellationToken.None));
    }

    [Fact]
    public async Task OnlyTheHashOfTheApiKeySecretIsStored()
    {
        var created = await _h.TenantService.CreateAsync(new NewTenantRequest("globex", null, ["https://globex.example"]), CancellationToken.None);

        Assert.True(ApiKeyParts.TryParse(created.ApiKey, out var parts));
        var stored = Assert.Single(_h.ApiKeys.All);
        Assert.Equal(parts.KeyId, stored.KeyId);
        Assert.Equal(SecretHasher.Hash(parts.Secret), stored.SecretHash);
        Assert.DoesNotContain(parts.Secret, stored.SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantWithoutANameIsNamedAfterItsId()
    {
        var created = await _h.TenantService.CreateAsync(new NewTenantRequest("globex", "  ", ["https://globex.example"]), CancellationToken.None);

        Assert.Equal("globex", created.Tenant.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Globex")]
    [InlineData("-globex")]
    [InlineData("globex_corp")]
    [InlineData("globex.corp")]
    public async Task CreatingWithABadIdIsABadRequest(string? tenantId)
    {
        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateAsync(new NewTenantRequest(tenantId, "Globex", ["https://globex.example"]), CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Fact]
    public async Task CreatingWithoutOriginsIsABadRequest()
    {
        var missing = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateAsync(new NewTenantRequest("globex", "Globex", null), CancellationToken.None));
        var empty = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateAsync(new NewTenantRequest("globex", "Globex", []), CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, missing.Kind);
        Assert.Equal(ProblemKind.BadRequest, empty.Kind);
        Assert.DoesNotContain(_h.Tenants.All, t => t.TenantId == "globex");
    }

    [Theory]
    [InlineData("https://globex.example/shop")]
    [InlineData("globex.example")]
    [InlineData("ftp://globex.example")]
    [InlineData("null")]
    public async Task CreatingWithABadOriginIsABadRequest(string origin)
    {
        var request = new NewTenantRequest("globex", "Globex", ["https://globex.example", origin]);

        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateAsync(request, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3651)]
    public async Task CreatingWithRetentionOutsideOneDayToTenYearsIsABadRequest(int days)
    {
        var request = new NewTenantRequest("globex", "Globex", ["https://globex.example"], RetentionDays: days);

        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateAsync(request, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3650)]
    public async Task RetentionWithinRangeIsKept(int days)
    {
        var request = new NewTenantRequest("globex", "Globex", ["https://globex.example"], RetentionDays: days);

        var created = await _h.TenantService.CreateAsync(request, CancellationToken.None);

        Assert.Equal(days, created.Tenant.RetentionDays);
    }

    [Fact]
    public async Task CreatingATenantThatExistsIsAConflict()
    {
        var request = new NewTenantRequest(ServiceHarness.TenantId, "Acme again", ["https://acme.example"]);

        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateAsync(request, CancellationToken.None));

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Empty(_h.ApiKeys.All);
    }

    [Fact]
    public async Task TheRightApiKeyAuthenticatesAsTheTenantBackend()
    {
        var apiKey = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);
        Assert.True(ApiKeyParts.TryParse(apiKey, out var parts));

        var principal = await _h.TenantService.AuthenticateApiKeyAsync(apiKey, CancellationToken.None);

        Assert.Equal(new TenantBackendPrincipal(ServiceHarness.TenantId, parts.KeyId), principal);
    }

    [Fact]
    public async Task ATenantMayHoldSeveralWorkingKeys()
    {
        var first = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);
        var second = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);

        var firstPrincipal = await _h.TenantService.AuthenticateApiKeyAsync(first, CancellationToken.None);
        var secondPrincipal = await _h.TenantService.AuthenticateApiKeyAsync(second, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.NotNull(firstPrincipal);
        Assert.NotNull(secondPrincipal);
        Assert.NotEqual(firstPrincipal.KeyId, secondPrincipal.KeyId);
    }

    [Fact]
    public async Task AnApiKeyWithAWrongSecretDoesNotAuthenticate()
    {
        var apiKey = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);
        Assert.True(ApiKeyParts.TryParse(apiKey, out var parts));
        var forged = (parts with { Secret = SecretHasher.NewSecret() }).ToString();

        var principal = await _h.TenantService.AuthenticateApiKeyAsync(forged, CancellationToken.None);

        Assert.Null(principal);
    }

    [Fact]
    public async Task AnApiKeyPresentedForAnotherTenantDoesNotAuthenticate()
    {
        await _h.TenantService.CreateAsync(new NewTenantRequest("globex", null, ["https://globex.example"]), CancellationToken.None);
        var apiKey = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);
        Assert.True(ApiKeyParts.TryParse(apiKey, out var parts));
        var moved = (parts with { TenantId = "globex" }).ToString();

        var principal = await _h.TenantService.AuthenticateApiKeyAsync(moved, CancellationToken.None);

        Assert.Null(principal);
    }

    [Fact]
    public async Task ARevokedApiKeyDoesNotAuthenticate()
    {
        var apiKey = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);
        Assert.True(ApiKeyParts.TryParse(apiKey, out var parts));
        _h.ApiKeys.Revoke(parts.TenantId, parts.KeyId);

        var principal = await _h.TenantService.AuthenticateApiKeyAsync(apiKey, CancellationToken.None);

        Assert.Null(principal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("cbk.acme.k1")]
    [InlineData("cbk.ACME.k1.secret")]
    [InlineData("cbk.acme.k1.secret.more")]
    [InlineData("Bearer cbk.acme.k1.secret")]
    public async Task AMalformedApiKeyDoesNotAuthenticate(string presented)
    {
        var principal = await _h.TenantService.AuthenticateApiKeyAsync(presented, CancellationToken.None);

        Assert.Null(principal);
    }

    [Fact]
    public async Task CreatingAnApiKeyForAnUnknownTenantIsNotFound()
    {
        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.CreateApiKeyAsync("globex", CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
        Assert.Empty(_h.ApiKeys.All);
    }

    [Fact]
    public async Task TheSiteKeyAndAnAllowedOriginResolveTheTenant()
    {
        var tenant = await _h.TenantService.RequireSiteAsync(ServiceHarness.SiteKey, "https://shop.acme.example:443", CancellationToken.None);

        Assert.Equal(_h.Tenant, tenant);
    }

    [Fact]
    public async Task AnOverlongSiteKeyIsABadRequest()
    {
        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.RequireSiteAsync(new string('k', 101), ServiceHarness.Origin, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Fact]
    public async Task ATenantCreatedThroughTheServiceAcceptsItsOwnOrigins()
    {
        var created = await _h.TenantService.CreateAsync(new NewTenantRequest("globex", null, ["https://Shop.Globex.example:8443/"]), CancellationToken.None);

        var tenant = await _h.TenantService.RequireSiteAsync(created.Tenant.SiteKey, "https://shop.globex.example:8443", CancellationToken.None);

        Assert.Equal("globex", tenant.TenantId);
    }
}
