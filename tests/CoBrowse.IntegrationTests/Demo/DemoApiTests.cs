using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Demo;

/// <summary>The demo backend's conversations, messages and agent sign-in over real HTTP.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoApiTests(DemoStackFixture stack)
{
    [Fact]
    public async Task ACreatedConversationIsListedFirstAndOpen()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var older = (await api.PostAsync("/demo/api/conversations", body: new { channel = "webChat", customerName = "Ann" })).AssertStatus(HttpStatusCode.Created);

        var created = (await api.PostAsync("/demo/api/conversations", body: new { channel = "webMessaging" })).AssertStatus(HttpStatusCode.Created);
        var list = (await api.GetAsync("/demo/api/conversations")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("webMessaging", created.Text("channel"));
        Assert.Equal("open", created.Text("status"));
        var conversations = list.Body!["conversations"]!.AsArray();
        Assert.Equal(created.Text("conversationId"), conversations[0]!["conversationId"]!.GetValue<string>());
        Assert.Equal(older.Text("conversationId"), conversations[1]!["conversationId"]!.GetValue<string>());
        Assert.Equal("Guest", conversations[0]!["customerName"]!.GetValue<string>());
        Assert.Equal("Ann", conversations[1]!["customerName"]!.GetValue<string>());
        Assert.Equal("webChat", conversations[1]!["channel"]!.GetValue<string>());
        Assert.NotNull(conversations[0]!["createdAt"]);
        Assert.NotNull(conversations[0]!["lastMessageAt"]);
    }

    [Fact]
    public async Task MessagesAreNumberedInOrderAndStoredAsPosted()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await CreateConversationAsync(api);

        var text = (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "customer", kind = "text", text = "Where is my order?" })).AssertStatus(HttpStatusCode.Created);
        var offer = (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "agent", kind = "cobrowseOffer", offerId = "o-demo-1" })).AssertStatus(HttpStatusCode.Created);
        var answer = (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "customer", kind = "cobrowseAnswer", offerId = "o-demo-1", answer = "declined" })).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(1, text.Body!["seq"]!.GetValue<long>());
        Assert.Equal("Where is my order?", text.Text("text"));
        Assert.Equal(2, offer.Body!["seq"]!.GetValue<long>());
        Assert.Equal("o-demo-1", offer.Text("offerId"));
        Assert.Null(offer.Body["text"]);
        Assert.Equal(3, answer.Body!["seq"]!.GetValue<long>());
        Assert.Equal("declined", answer.Text("answer"));
        Assert.Equal("customer", answer.Text("from"));
        Assert.True(DateTimeOffset.Parse(answer.Text("at"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Theory]
    [InlineData("""{"channel":"voice"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"channel":"webChat","customerName":"Ann","extra":1}""")]
    [InlineData("""{"channel":"webChat",""")]
    [InlineData("""{"channel":"webChat","customerName":"A name far too long for any customer of the demo shop, eighty characters and more"}""")]
    public async Task AConversationWithBadInputIsRefusedWithProblemDetails(string body)
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);

        var response = await api.SendAsync(HttpMethod.Post, "/demo/api/conversations", rawBody: body);

        response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"from":"system","kind":"text","text":"I am the system"}""")]
    [InlineData("""{"from":"customer","kind":"html","text":"<b>hi</b>"}""")]
    [InlineData("""{"from":"customer","kind":"text"}""")]
    [InlineData("""{"from":"customer","kind":"text","text":"   "}""")]
    [InlineData("""{"from":"customer","kind":"cobrowseOffer","offerId":"o1"}""")]
    [InlineData("""{"from":"agent","kind":"cobrowseOffer"}""")]
    [InlineData("""{"from":"agent","kind":"cobrowseOffer","offerId":"a/b"}""")]
    [InlineData("""{"from":"customer","kind":"cobrowseAnswer","offerId":"o1","answer":"maybe"}""")]
    [InlineData("""{"from":"agent","kind":"cobrowseAnswer","offerId":"o1","answer":"accepted"}""")]
    [InlineData("""{"from":"customer","kind":"text","text":"hi","seq":99}""")]
    [InlineData("not json")]
    public async Task AMessageWithBadInputIsRefusedWithProblemDetailsAndNotStored(string body)
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await CreateConversationAsync(api);

        var response = await api.SendAsync(HttpMethod.Post, $"/demo/api/conversations/{id}/messages", rawBody: body);
        var next = (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "customer", kind = "text", text = "ok" })).AssertStatus(HttpStatusCode.Created);

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(1, next.Body!["seq"]!.GetValue<long>());
    }

    [Fact]
    public async Task TextUpToTwoThousandCharactersIsTakenAndLongerIsRefused()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await CreateConversationAsync(api);

        var longest = await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "agent", kind = "text", text = new string('a', 2000) });
        var tooLong = await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "agent", kind = "text", text = new string('a', 2001) });

        longest.AssertStatus(HttpStatusCode.Created);
        tooLong.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnUnknownConversationIsNotFound()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);

        var post = await api.PostAsync("/demo/api/conversations/conv-unknown/messages", body: new { from = "customer", kind = "text", text = "hello?" });
        var events = await api.GetAsync("/demo/api/conversations/conv-unknown/events");

        post.AssertProblem(HttpStatusCode.NotFound);
        events.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AConversationKeepsOnlyItsNewestFiveHundredMessages()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);
        var id = await CreateConversationAsync(api);

        for (var i = 1; i <= 501; i++)
        {
            (await api.PostAsync($"/demo/api/conversations/{id}/messages", body: new { from = "customer", kind = "text", text = $"message {i}" })).AssertStatus(HttpStatusCode.Created);
        }

        using var stream = await ConversationEvents.OpenAsync(http, id, after: 0);
        var first = await stream.NextEventAsync();
        Assert.Equal("2", first.Id);
        Assert.Contains("\"message 2\"", first.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDemoSignInMintsAnAgentTokenTheProductAccepts()
    {
        using var http = stack.CreateClient();
        var api = new CoBrowseApi(http);

        var minted = (await api.PostAsync("/demo/api/agent-token", body: new { agentId = "alice" })).AssertStatus(HttpStatusCode.OK);
        var offer = await api.PostAsync("/api/v1/interactions/chat-sign-in-test/offers", minted.Text("token"), new { channel = "webChat" });
        var badAgent = await api.PostAsync("/demo/api/agent-token", body: new { agentId = "" });

        Assert.True(DateTimeOffset.Parse(minted.Text("expiresAt"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
        offer.AssertStatus(HttpStatusCode.Created);
        badAgent.AssertProblem(HttpStatusCode.BadRequest);
    }

    public static async Task<string> CreateConversationAsync(CoBrowseApi api, string channel = "webMessaging") =>
        (await api.PostAsync("/demo/api/conversations", body: new { channel, customerName = "Test customer" })).AssertStatus(HttpStatusCode.Created).Text("conversationId");
}
