using CoBrowse.IntegrationTests.Demo;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>The demo backend refuses a JSON body that names a property twice, as the product API does.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoBackendDuplicatePropertyTests(DemoStackFixture stack)
{
    [Theory]
    [InlineData("/demo/api/conversations", """{"channel":"webChat","channel":"webMessaging"}""", "channel")]
    [InlineData("/demo/api/agent-token", """{"agentId":"alice","agentId":"mallory"}""", "agentId")]
    public async Task ADuplicatedPropertyIsRefusedWith400NamingIt(string path, string body, string property)
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);

        var response = await api.SendAsync(HttpMethod.Post, path, rawBody: body);

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains(property, response.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageWithItsTextTwiceIsRefusedAndNotPosted()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = (await api.PostAsync("/demo/api/conversations", body: new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created).Text("conversationId");

        var response = await api.SendAsync(HttpMethod.Post, $"/demo/api/conversations/{id}/messages", rawBody: """{"from":"customer","kind":"text","text":"hello","text":"goodbye"}""");
        var next = (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "customer", kind = "text", text = "after" })).AssertStatus(HttpStatusCode.Created);

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(1, next.Body!["seq"]!.GetValue<long>());
    }
}
