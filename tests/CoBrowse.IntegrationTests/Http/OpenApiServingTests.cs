using CoBrowse.Functions.Http;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>GET /api/v1/openapi.json serves, anonymously, exactly the document the drift test checks.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class OpenApiServingTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task TheDocumentIsServedAnonymouslyAsJson()
    {
        var response = (await _api.GetAsync("/api/v1/openapi.json")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("application/json", response.ContentType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OpenApiFunctions.ReadDocument()), response.Body));
        Assert.NotNull(response.Body!["paths"]!["/openapi.json"]!["get"]);
    }
}
