using CoBrowse.Infrastructure.WebPubSub;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

public class ConnectionStringTests
{
    [Fact]
    public void AStandardConnectionStringGivesTheEndpointWithATrailingSlashAndTheKey()
    {
        var parsed = WebPubSubConnectionString.Parse("Endpoint=https://contoso.webpubsub.azure.com;AccessKey=abc;Version=1.0;");

        Assert.Equal("https://contoso.webpubsub.azure.com/", parsed.Endpoint.AbsoluteUri);
        Assert.Equal("abc", parsed.AccessKey);
    }

    [Fact]
    public void PortReplacesTheEndpointsPort()
    {
        var parsed = WebPubSubConnectionString.Parse("Endpoint=http://localhost:1234;Port=18080;AccessKey=k;Version=1.0;");

        Assert.Equal("http://localhost:18080/", parsed.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void AnEndpointWithoutSchemeGetsHttps()
    {
        var parsed = WebPubSubConnectionString.Parse("Endpoint=contoso.webpubsub.azure.com;AccessKey=k");

        Assert.Equal("https://contoso.webpubsub.azure.com/", parsed.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void AKeyMayContainEqualsSignsBecauseOnlyTheFirstSplits()
    {
        var parsed = WebPubSubConnectionString.Parse("Endpoint=https://x.webpubsub.azure.com;AccessKey=ab==cd=;");

        Assert.Equal("ab==cd=", parsed.AccessKey);
    }

    [Fact]
    public void KeysAreCaseInsensitiveAndUnknownKeysAndSegmentsWithoutEqualsAreIgnored()
    {
        var parsed = WebPubSubConnectionString.Parse("endpoint=http://127.0.0.1;ACCESSKEY=k;port=7071;ClientEndpoint=https://proxy;junk;");

        Assert.Equal("http://127.0.0.1:7071/", parsed.Endpoint.AbsoluteUri);
        Assert.Equal("k", parsed.AccessKey);
    }

    [Theory]
    [InlineData("AccessKey=k")]
    [InlineData("Endpoint=https://x;")]
    [InlineData("Endpoint=https://x;AccessKey=k;Port=notaport")]
    public void AConnectionStringWithoutEndpointOrKeyOrWithABadPortIsRefused(string connectionString)
    {
        Assert.Throws<FormatException>(() => WebPubSubConnectionString.Parse(connectionString));
    }

    [Fact]
    public void PrintingAConnectionStringNeverShowsTheKey()
    {
        var parsed = WebPubSubConnectionString.Parse("Endpoint=https://x.webpubsub.azure.com;AccessKey=secret-value");

        Assert.DoesNotContain("secret-value", parsed.ToString(), StringComparison.Ordinal);
    }
}
