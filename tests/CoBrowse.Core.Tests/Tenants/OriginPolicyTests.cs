using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Tests.Tenants;

public class OriginPolicyTests
{
    [Theory]
    [InlineData("https://shop.example.com", "https://shop.example.com")]
    [InlineData("https://shop.example.com/", "https://shop.example.com")]
    [InlineData("https://shop.example.com:443", "https://shop.example.com")]
    [InlineData("https://shop.example.com:443/", "https://shop.example.com")]
    [InlineData("http://shop.example.com:80", "http://shop.example.com")]
    [InlineData("https://shop.example.com:8443", "https://shop.example.com:8443")]
    [InlineData("http://shop.example.com:443", "http://shop.example.com:443")]
    [InlineData("https://shop.example.com:80", "https://shop.example.com:80")]
    [InlineData("http://localhost:3000", "http://localhost:3000")]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071")]
    [InlineData("HTTPS://Shop.Example.COM", "https://shop.example.com")]
    [InlineData("  https://shop.example.com  ", "https://shop.example.com")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    public void NormalizeKeepsSchemeHostAndNonDefaultPort(string origin, string expected)
    {
        var normalized = OriginPolicy.Normalize(origin);

        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("https://shop.example.com/path")]
    [InlineData("https://shop.example.com/checkout/")]
    [InlineData("https://shop.example.com/?q=1")]
    [InlineData("https://shop.example.com?q=1")]
    [InlineData("https://user@shop.example.com")]
    [InlineData("https://user:password@shop.example.com")]
    [InlineData("ftp://shop.example.com")]
    [InlineData("ws://shop.example.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("shop.example.com")]
    [InlineData("/relative")]
    [InlineData("https://")]
    public void NormalizeRejectsAnythingThatIsNotAnHttpOrigin(string? origin)
    {
        var normalized = OriginPolicy.Normalize(origin);

        Assert.Null(normalized);
    }

    [Theory]
    [InlineData("https://shop.example.com")]
    [InlineData("https://shop.example.com:8443")]
    [InlineData("HTTP://LOCALHOST:3000/")]
    public void NormalizingTwiceGivesTheSameOrigin(string origin)
    {
        var once = OriginPolicy.Normalize(origin);

        var twice = OriginPolicy.Normalize(once);

        Assert.Equal(once, twice);
    }
}
