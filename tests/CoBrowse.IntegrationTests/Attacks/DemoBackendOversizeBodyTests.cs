using System.Text;
using CoBrowse.IntegrationTests.Demo;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>The demo backend refuses bodies over its 16 KiB limit with 413, as the product API does over its own.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoBackendOversizeBodyTests(DemoStackFixture stack)
{
    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var body = "{\"channel\":\"webChat\",\"customerName\":\"" + new string('a', 3 * 1024 * 1024) + "\"}";

        var response = await api.SendAsync(HttpMethod.Post, "/demo/api/conversations", rawBody: body);

        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AnOversizedBodyWithoutALengthIsRefusedWith413()
    {
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 40 * 1024));
        var chunked = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
        byte[] body = [.. chunked, .. chunked, .. "0\r\n\r\n"u8];

        var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request("POST", "/demo/api/conversations", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], body));

        response.AssertProblem(413);
    }
}
