using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.IntegrationTests.Security;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Participants send user events the functions refuse: an event nobody defined, and activity from a watching
/// supervisor (which must not keep a session alive). Each is acked as a refusal carrying the functions' reason, never
/// as an <c>InternalServerError</c> that reads like an outage to retry; the socket stays usable.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RefusedUserEventTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task EventsTheFunctionsRefuseAreAckedAsRefusalsThatSayWhy()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-1");
        var supervisor = await _api.AgentTokenAsync(tenant, "supervisor-1", "agent", "supervisor");
        var (session, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "refused-events-call");
        await using var customerSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{session}/realtime/negotiate", customer));
        await using var watcherSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync($"live/sessions/{session}/negotiate", supervisor));

        var unknown = await customerSocket.EventAsync("wipe-session", new JsonObject());
        var watcherActivity = await watcherSocket.EventAsync("activity", new JsonObject { ["kind"] = "pointer" });
        var genuine = await customerSocket.EventAsync("activity", new JsonObject { ["kind"] = "pointer" });

        Assert.False(unknown["success"]!.GetValue<bool>());
        Assert.Equal("BadRequest", unknown["error"]!["name"]!.GetValue<string>());
        Assert.Equal("unknown event 'wipe-session'", unknown["error"]!["message"]!.GetValue<string>());
        Assert.False(watcherActivity["success"]!.GetValue<bool>());
        Assert.Equal("BadRequest", watcherActivity["error"]!["name"]!.GetValue<string>());
        Assert.Equal("a watching supervisor is not a participant", watcherActivity["error"]!["message"]!.GetValue<string>());
        Assert.True(genuine["success"]!.GetValue<bool>(), genuine.ToJsonString());
    }

    private async Task<string> UrlAsync(string path, string token) =>
        (await _api.PostAsync("/api/v1/" + path, token)).AssertStatus(HttpStatusCode.OK).Text("url");
}
