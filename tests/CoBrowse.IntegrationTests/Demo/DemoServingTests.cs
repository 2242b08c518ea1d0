namespace CoBrowse.IntegrationTests.Demo;

/// <summary>The local stack serves the demo shop at /demo/ and the agent console app at /console/.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoServingTests(DemoStackFixture stack)
{
    [Theory]
    [InlineData("/demo/", "text/html", "/static/cobrowse.js")]
    [InlineData("/demo/checkout.html", "text/html", "autocomplete=\"cc-number\"")]
    [InlineData("/demo/css/shop.css", "text/css", ".product-grid")]
    [InlineData("/demo/js/cart.js", "text/javascript", "localStorage")]
    [InlineData("/demo/img/basecamp-tent.svg", "image/svg+xml", "<svg")]
    [InlineData("/console/", "text/html", "/static/agent-app.js")]
    public async Task DemoFilesAreServedWithTheirContentType(string path, string contentType, string expected)
    {
        using var http = stack.CreateClient();

        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/demo", "/demo/")]
    [InlineData("/console", "/console/")]
    public async Task TheFolderWithoutASlashRedirectsToIt(string path, string location)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = stack.BaseUrl };

        using var response = await http.GetAsync(path);

        Assert.True((int)response.StatusCode is >= 300 and < 400, $"{path}: {response.StatusCode}");
        Assert.EndsWith(location, response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/demo/../../README.md")]
    [InlineData("/demo/%2e%2e/%2e%2e/README.md")]
    [InlineData("/console/../package.json")]
    public async Task NothingOutsideTheDemoFoldersIsServed(string path)
    {
        using var http = stack.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheRouteListingLinksTheDemo()
    {
        using var http = stack.CreateClient();

        var listing = await http.GetStringAsync("/");

        Assert.Contains("/demo/", listing, StringComparison.Ordinal);
        Assert.Contains("/console/", listing, StringComparison.Ordinal);
        Assert.Contains("/api/v1/", listing, StringComparison.Ordinal);
    }
}
