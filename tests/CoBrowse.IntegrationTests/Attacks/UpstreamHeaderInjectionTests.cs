using CoBrowse.Infrastructure.WebPubSub;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.IntegrationTests.Security;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Tenant A's customer names a user event with line breaks, so that the relay's signed CloudEvent to the functions
/// carries headers of the attacker's choosing ahead of the genuine ones: <c>ce-eventName: navigated</c> and a
/// <c>ce-connectionState</c> that says "tenant B's customer". The functions would then write a page navigation into
/// B's session timeline. The relay must refuse such a name before it reaches the handler.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class UpstreamHeaderInjectionTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ACustomerCannotSmuggleAnotherTenantsConnectionStateIntoItsUserEvents()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var bAgent = await _api.AgentTokenAsync(b, "b-agent");
        var (aSession, aCustomer) = await _api.StartVoiceSessionAsync(a, aAgent, "injecting-call");
        var (bSession, _) = await _api.StartVoiceSessionAsync(b, bAgent, "injected-call");
        var url = (await _api.PostAsync($"/api/v1/sessions/{aSession}/realtime/negotiate", aCustomer)).AssertStatus(HttpStatusCode.OK).Text("url");
        await using var attacker = await RawPubSubSocket.ConnectAsync(url);
        var bCustomerState = RealtimeConnectionState.Encode(RealtimeParticipant.Customer(b.TenantId, bSession));
        var smuggling = $"navigated\r\nce-eventName: navigated\r\n{RealtimeConnectionState.Header}: {bCustomerState}";

        var ack = await attacker.EventAsync(smuggling, new JsonObject { ["path"] = "/forged-by-tenant-a" });
        var genuine = await attacker.EventAsync("navigated", new JsonObject { ["path"] = "/a-own-page" });

        var bTimeline = (await _api.TimelineAsync(bAgent, "injected-call")).ToJsonString();
        Assert.DoesNotContain("forged-by-tenant-a", bTimeline, StringComparison.Ordinal);
        Assert.DoesNotContain("pageNavigated", bTimeline, StringComparison.Ordinal);
        Assert.Equal("BadRequest", ack["error"]?["name"]?.GetValue<string>());
        Assert.True(genuine["success"]!.GetValue<bool>(), genuine.ToJsonString());
        Assert.Contains("/a-own-page", (await _api.TimelineAsync(aAgent, "injecting-call")).ToJsonString(), StringComparison.Ordinal);
    }
}
