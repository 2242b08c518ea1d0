using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>The local stack serves the customer snippet and the console bundle it built from web/.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class WebBundleTests(LocalStackFixture stack)
{
    [Theory]
    [InlineData("/static/cobrowse.js", "CoBrowse")]
    [InlineData("/static/console.js", "CoBrowseConsole")]
    public async Task TheBundlesAreServedAsJavaScript(string path, string globalName)
    {
        using var http = stack.CreateClient();

        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(globalName, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingOutsideTheBundleFolderIsServed()
    {
        using var http = stack.CreateClient();

        using var response = await http.GetAsync("/static/../package.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
