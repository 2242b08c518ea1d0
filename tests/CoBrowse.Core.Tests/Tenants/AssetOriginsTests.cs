using CoBrowse.Core.Application;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Tests.Tenants;

public class AssetOriginsTests
{
    [Theory]
    [InlineData("https://cdn.example.com", "https://cdn.example.com")]
    [InlineData("HTTPS://CDN.Example.com", "https://cdn.example.com")]
    [InlineData("https://cdn.example.com:443", "https://cdn.example.com")]
    [InlineData("https://cdn.example.com:8443", "https://cdn.example.com:8443")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    [InlineData("https://203.0.113.7", "https://203.0.113.7")]
    [InlineData("http://localhost:5173", "http://localhost:5173")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("http://127.10.0.1", "http://127.10.0.1")]
    [InlineData("http://[::1]:3000", "http://[::1]:3000")]
    public void AnHttpsOriginOrALoopbackHttpOriginIsKeptNormalized(string origin, string expected)
    {
        var normalized = AssetOrigins.Normalize(origin);

        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://cdn.example.com")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("https://cdn.example.com/")]
    [InlineData("https://cdn.example.com/assets")]
    [InlineData("https://cdn.example.com?v=1")]
    [InlineData("https://cdn.example.com#x")]
    [InlineData("https://*.example.com")]
    [InlineData("https://user@cdn.example.com")]
    [InlineData("https://cdn.example.com; script-src *")]
    [InlineData("https://cdn.example.com 'unsafe-inline'")]
    [InlineData("https://cdn.example.com,https://other.example")]
    [InlineData(" https://cdn.example.com")]
    [InlineData("https://cdn.example.com\n")]
    [InlineData("https:")]
    [InlineData("https://")]
    [InlineData("cdn.example.com")]
    [InlineData("ftp://cdn.example.com")]
    [InlineData("wss://cdn.example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/css,x")]
    public void AnythingElseIsRefused(string? origin)
    {
        var normalized = AssetOrigins.Normalize(origin);

        Assert.Null(normalized);
    }

    [Fact]
    public void ValidationNormalizesDropsDuplicatesAndNamesTheFieldAndTheBadValue()
    {
        var valid = AssetOrigins.Validate(["https://CDN.example.com", "https://cdn.example.com:443", "http://localhost:5173"]);
        var problem = Assert.Throws<CoBrowseProblemException>(() => AssetOrigins.Validate(["https://cdn.example.com", "http://cdn.example.com"]));
        var tooMany = Assert.Throws<CoBrowseProblemException>(() => AssetOrigins.Validate([.. Enumerable.Range(0, AssetOrigins.MaxCount + 1).Select(i => $"https://c{i}.example")]));

        Assert.Equal(["https://cdn.example.com", "http://localhost:5173"], valid);
        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
        Assert.Contains("'assetOrigins'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'http://cdn.example.com'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(ProblemKind.BadRequest, tooMany.Kind);
    }

    [Fact]
    public void TheResourcePolicyIsTheAllowedAndAssetOriginsOnceEachAndTheOptIn()
    {
        var tenant = new Tenant
        {
            TenantId = "acme",
            Name = "Acme",
            SiteKey = "site_acme",
            AllowedOrigins = ["https://shop.acme.example", "http://localhost:3000"],
            AssetOrigins = ["https://cdn.acme.example", "https://shop.acme.example"],
            AllowAnyHttpsAssets = true,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var policy = ResourcePolicy.For(tenant);

        Assert.Equal(["https://shop.acme.example", "http://localhost:3000", "https://cdn.acme.example"], policy.Origins);
        Assert.True(policy.AnyHttps);
    }
}
