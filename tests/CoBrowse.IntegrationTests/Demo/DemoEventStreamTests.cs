using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Demo;

/// <summary>A conversation's Server-Sent Events: replay after a position, then live messages, heartbeats.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoEventStreamTests(DemoStackFixture stack)
{
    [Fact]
    public async Task TheStreamReplaysMessagesAfterTheGivenSeqThenDeliversNewOnes()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await DemoApiTests.CreateConversationAsync(api);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await PostAsync(api, id, text);
        }

        using var events = await ConversationEvents.OpenAsync(http, id, after: 1);
        var replayed = new[] { await events.NextEventAsync(), await events.NextEventAsync() };
        await PostAsync(api, id, "four");
        var live = await events.NextEventAsync();

        Assert.Equal("text/event-stream", events.ContentType);
        Assert.Equal(["2", "3"], replayed.Select(e => e.Id));
        Assert.Equal("two", JsonNode.Parse(replayed[0].Data)!["text"]!.GetValue<string>());
        Assert.Equal("4", live.Id);
        Assert.Equal("four", JsonNode.Parse(live.Data)!["text"]!.GetValue<string>());
        Assert.Equal(4, JsonNode.Parse(live.Data)!["seq"]!.GetValue<long>());
    }

    [Fact]
    public async Task LastEventIdWinsOverTheQueryWhenABrowserReconnects()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await DemoApiTests.CreateConversationAsync(api);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await PostAsync(api, id, text);
        }

        // EventSource reconnects to its original URL (here after=0) and adds the last id it saw.
        using var events = await ConversationEvents.OpenAsync(http, id, after: 0, lastEventId: "2");
        var first = await events.NextEventAsync();

        Assert.Equal("3", first.Id);
    }

    [Fact]
    public async Task AnIdleStreamSendsCommentHeartbeats()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await DemoApiTests.CreateConversationAsync(api);
        using var events = await ConversationEvents.OpenAsync(http, id);
        var started = DateTime.UtcNow;

        var comment = await events.NextCommentAsync();

        Assert.Equal(": heartbeat", comment);
        Assert.True(DateTime.UtcNow - started < DemoStackFixture.Heartbeat * 5);
    }

    [Fact]
    public async Task AnUnreadablePositionIsRefused()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await DemoApiTests.CreateConversationAsync(api);

        var response = await api.GetAsync($"/demo/api/conversations/{id}/events?after=-1");

        response.AssertProblem(HttpStatusCode.BadRequest);
    }

    private static async Task PostAsync(CoBrowseApi api, string id, string text) =>
        (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "customer", kind = "text", text })).AssertStatus(HttpStatusCode.Created);
}
