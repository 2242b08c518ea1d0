using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Tests.Tenants;

public class TenantTests
{
    private static readonly Tenant Shop = new()
    {
        TenantId = "acme",
        Name = "Acme",
        SiteKey = "site_acme",
        AllowedOrigins = ["https://shop.example.com", "http://localhost:3000", "https://Admin.Example.com:443/"],
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [InlineData("https://shop.example.com")]
    [InlineData("https://shop.example.com/")]
    [InlineData("https://shop.example.com:443")]
    [InlineData("https://SHOP.example.com")]
    [InlineData("http://localhost:3000")]
    [InlineData("https://admin.example.com")]
    public void AllowsOriginAcceptsAnExactOriginMatch(string origin)
    {
        var allowed = Shop.AllowsOrigin(origin);

        Assert.True(allowed);
    }

    [Theory]
    [InlineData("http://shop.example.com")]
    [InlineData("https://shop.example.com:8443")]
    [InlineData("http://localhost:3001")]
    [InlineData("http://localhost")]
    [InlineData("https://localhost:3000")]
    [InlineData("https://evil.example.com")]
    [InlineData("https://shop.example.com.evil.example")]
    [InlineData("https://sub.shop.example.com")]
    [InlineData("https://example.com")]
    [InlineData("https://shop.example.com/path")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData(null)]
    public void AllowsOriginRejectsEverythingElse(string? origin)
    {
        var allowed = Shop.AllowsOrigin(origin);

        Assert.False(allowed);
    }

    [Fact]
    public void ATenantWithoutOriginsAllowsNone()
    {
        var closed = Shop with { AllowedOrigins = [] };

        var allowed = closed.AllowsOrigin("https://shop.example.com");

        Assert.False(allowed);
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("abc")]
    [InlineData("a1b")]
    [InlineData("123")]
    [InlineData("acme-corp")]
    [InlineData("a--b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd")]
    public void IsValidIdAcceptsThreeToFortyLowerCaseLettersDigitsAndInnerDashes(string id)
    {
        var valid = Tenant.IsValidId(id);

        Assert.True(valid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcde")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("Acme")]
    [InlineData("acme_corp")]
    [InlineData("acme.corp")]
    [InlineData("acme corp")]
    [InlineData("acme/corp")]
    [InlineData("acmé")]
    [InlineData(" acme")]
    public void IsValidIdRejectsEverythingElse(string? id)
    {
        var valid = Tenant.IsValidId(id);

        Assert.False(valid);
    }

    [Fact]
    public void ANewTenantKeepsNinetyDaysOfHistoryByDefault()
    {
        var tenant = new Tenant { TenantId = "acme", Name = "Acme", SiteKey = "site_acme", CreatedAt = DateTimeOffset.UnixEpoch };

        var retention = tenant.RetentionDays;

        Assert.Equal(90, retention);
    }
}
