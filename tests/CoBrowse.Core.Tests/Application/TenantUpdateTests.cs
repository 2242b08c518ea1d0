using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Tests.Fakes;

namespace CoBrowse.Core.Tests.Application;

public class TenantUpdateTests
{
    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task GivenFieldsChangeAndAbsentOnesKeepTheirValues()
    {
        var updated = await _h.TenantService.UpdateAsync(
            ServiceHarness.TenantId,
            new TenantUpdateRequest(BlockSelectors: ["#pay"], Timeouts: new ChannelTimeoutOverrides(WebMessagingSeconds: 5)),
            CancellationToken.None);

        Assert.Equal(["#pay"], updated.BlockSelectors);
        Assert.Equal(TimeSpan.FromSeconds(5), updated.InactivityTimeouts.WebMessaging);
        Assert.Equal(_h.Tenant.Name, updated.Name);
        Assert.Equal(_h.Tenant.AllowedOrigins, updated.AllowedOrigins);
        Assert.Equal(_h.Tenant.SiteKey, updated.SiteKey);
        Assert.Equal(["#pay"], (await _h.Tenants.FindBySiteKeyAsync(ServiceHarness.SiteKey, CancellationToken.None))!.BlockSelectors);
    }

    [Fact]
    public async Task OriginsAreNormalizedAndInvalidInputChangesNothing()
    {
        var updated = await _h.TenantService.UpdateAsync(ServiceHarness.TenantId, new TenantUpdateRequest(AllowedOrigins: ["https://New.Example:443/"]), CancellationToken.None);
        Assert.Equal(["https://new.example"], updated.AllowedOrigins);

        foreach (var bad in new[] { new TenantUpdateRequest(AllowedOrigins: []), new TenantUpdateRequest(RetentionDays: 0), new TenantUpdateRequest(Name: "  "), new TenantUpdateRequest(AllowedOrigins: ["not an origin"]) })
        {
            var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.UpdateAsync(ServiceHarness.TenantId, bad with { MaskSelectors = ["#x"] }, CancellationToken.None));
            Assert.Equal(ProblemKind.BadRequest, problem.Kind);
        }

        Assert.Empty((await _h.Tenants.GetAsync(ServiceHarness.TenantId, CancellationToken.None))!.MaskSelectors);
    }

    [Fact]
    public async Task AnUnknownTenantIsNotFound()
    {
        var problem = await ServiceHarness.ProblemAsync(() => _h.TenantService.UpdateAsync("nobody", new TenantUpdateRequest(Name: "x"), CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Fact]
    public async Task AStaleVersionIsNeverWrittenOver()
    {
        var stale = await _h.Tenants.GetVersionedAsync(ServiceHarness.TenantId, CancellationToken.None);
        _h.Tenants.Touch(ServiceHarness.TenantId);

        Assert.False(await _h.Tenants.TryReplaceAsync(stale!.Value with { Name = "lost" }, stale.Version, CancellationToken.None));
        var updated = await _h.TenantService.UpdateAsync(ServiceHarness.TenantId, new TenantUpdateRequest(Name: "Kept"), CancellationToken.None);
        Assert.Equal("Kept", updated.Name);
    }
}
