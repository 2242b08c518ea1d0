using CoBrowse.Core.Application;
using CoBrowse.Core.Tests.Fakes;

namespace CoBrowse.Core.Tests.Application;

public class TenantCredentialServiceTests
{
    private readonly ServiceHarness _h = new();
    private readonly TenantCredentialService _credentials;

    public TenantCredentialServiceTests() => _credentials = new TenantCredentialService(_h.Tenants, _h.ApiKeys, _h.Clock);

    private string Origin => _h.Tenant.AllowedOrigins[0];

    [Fact]
    public async Task WithoutGraceTheOldSiteKeyIsUnknownAtOnceAndItsClaimReleased()
    {
        var rotated = await _credentials.RotateSiteKeyAsync(ServiceHarness.TenantId, TimeSpan.Zero, CancellationToken.None);

        Assert.NotEqual(ServiceHarness.SiteKey, rotated.SiteKey);
        Assert.Null(rotated.PreviousSiteKey);
        Assert.Equal(ProblemKind.NotFound, (await ServiceHarness.ProblemAsync(() => _h.TenantService.RequireSiteAsync(ServiceHarness.SiteKey, Origin, CancellationToken.None))).Kind);
        Assert.Equal(ServiceHarness.TenantId, (await _h.TenantService.RequireSiteAsync(rotated.SiteKey, Origin, CancellationToken.None)).TenantId);
        Assert.Equal([rotated.SiteKey], _h.Tenants.ClaimedSiteKeys);
    }

    [Fact]
    public async Task WithGraceTheOldKeyWorksUntilTheDeadlineAndTheNextRotationDropsIt()
    {
        var rotated = await _credentials.RotateSiteKeyAsync(ServiceHarness.TenantId, TimeSpan.FromMinutes(10), CancellationToken.None);

        _h.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(ServiceHarness.TenantId, (await _h.TenantService.RequireSiteAsync(ServiceHarness.SiteKey, Origin, CancellationToken.None)).TenantId);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProblemKind.NotFound, (await ServiceHarness.ProblemAsync(() => _h.TenantService.RequireSiteAsync(ServiceHarness.SiteKey, Origin, CancellationToken.None))).Kind);

        var again = await _credentials.RotateSiteKeyAsync(ServiceHarness.TenantId, TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Equal(rotated.SiteKey, again.PreviousSiteKey);
        Assert.Equal(new[] { rotated.SiteKey, again.SiteKey }.Order(), _h.Tenants.ClaimedSiteKeys.Order());
    }

    [Fact]
    public async Task AGracePeriodOutsideZeroToSevenDaysOrAnUnknownTenantChangesNothing()
    {
        foreach (var grace in new[] { TimeSpan.FromSeconds(-1), TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1) })
        {
            Assert.Equal(ProblemKind.BadRequest, (await ServiceHarness.ProblemAsync(() => _credentials.RotateSiteKeyAsync(ServiceHarness.TenantId, grace, CancellationToken.None))).Kind);
        }

        Assert.Equal(ProblemKind.NotFound, (await ServiceHarness.ProblemAsync(() => _credentials.RotateSiteKeyAsync("nobody", TimeSpan.Zero, CancellationToken.None))).Kind);
        Assert.Equal(ServiceHarness.SiteKey, (await _h.Tenants.GetAsync(ServiceHarness.TenantId, CancellationToken.None))!.SiteKey);
    }

    [Fact]
    public async Task RevokingKeepsTheFirstTimeAndTheKeyStopsAuthenticating()
    {
        var apiKey = await _h.TenantService.CreateApiKeyAsync(ServiceHarness.TenantId, CancellationToken.None);
        var keyId = apiKey.Split('.')[2];
        Assert.NotNull(await _h.TenantService.AuthenticateApiKeyAsync(apiKey, CancellationToken.None));

        var first = await _credentials.RevokeApiKeyAsync(ServiceHarness.TenantId, keyId, CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _credentials.RevokeApiKeyAsync(ServiceHarness.TenantId, keyId, CancellationToken.None);

        Assert.Null(await _h.TenantService.AuthenticateApiKeyAsync(apiKey, CancellationToken.None));
        Assert.Equal(first.RevokedAt, second.RevokedAt);
        Assert.Equal(ProblemKind.NotFound, (await ServiceHarness.ProblemAsync(() => _credentials.RevokeApiKeyAsync(ServiceHarness.TenantId, "unknown", CancellationToken.None))).Kind);
        Assert.Equal(ProblemKind.NotFound, (await ServiceHarness.ProblemAsync(() => _credentials.RevokeApiKeyAsync("nobody", keyId, CancellationToken.None))).Kind);
    }
}
