using CoBrowse.Core.Application;
using CoBrowse.Core.Tenants;
using CoBrowse.Core.Tests.Fakes;

namespace CoBrowse.Core.Tests.Tenants;

public class TenantInputEdgeCaseTests
{
    [Theory]
    [InlineData("acme\n")]
    [InlineData("acme-corp\n")]
    public void IsValidIdRejectsATrailingNewline(string id)
    {
        var valid = Tenant.IsValidId(id);

        Assert.False(valid);
    }

    [Fact]
    public async Task CreatingATenantWhoseIdEndsInANewlineIsABadRequest()
    {
        var h = new ServiceHarness();

        var problem = await ServiceHarness.ProblemAsync(() => h.TenantService.CreateAsync(new NewTenantRequest("globex\n", "Globex", ["https://globex.example"]), CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Fact]
    public void NormalizeKeepsTheBracketsOfAnIpv6Host()
    {
        var normalized = OriginPolicy.Normalize("http://[::1]:8080");

        Assert.Equal("http://[::1]:8080", normalized);
    }

    [Theory]
    [InlineData("https://a.example#x")]
    [InlineData("https://a.example/..")]
    public void NormalizeRejectsFragmentsAndDotSegments(string origin)
    {
        var normalized = OriginPolicy.Normalize(origin);

        Assert.Null(normalized);
    }

    [Fact]
    public async Task ATenantCreatedWithAnIpv6OriginAcceptsThatOrigin()
    {
        var h = new ServiceHarness();
        var created = await h.TenantService.CreateAsync(new NewTenantRequest("localdev", null, ["http://[::1]:8080"]), CancellationToken.None);

        var allowed = created.Tenant.AllowsOrigin("http://[::1]:8080");

        Assert.True(allowed);
    }
}
