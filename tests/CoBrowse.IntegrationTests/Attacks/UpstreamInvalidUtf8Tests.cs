using System.Text;
using CoBrowse.Infrastructure.WebPubSub;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Upstream events with a valid signature that carry bytes which are not UTF-8: in the connect claims, query, headers
/// and subprotocols, in connected/disconnected bodies, in text and JSON user events, in the connection state and in
/// raw ce-* header bytes. Each is a 400 (never a 500), and the session, its timeline and its presence stay exactly
/// as they were. Each bad event is paired with the same event in valid UTF-8, which is accepted.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class UpstreamInvalidUtf8Tests(LocalStackFixture stack)
{
    private static readonly byte[] NotUtf8 = [0xC3, 0x28, 0xFF, 0xFE];

    private readonly CoBrowseApi _api = new(stack.CreateClient());
    private readonly SignedUpstream _upstream = new(stack);

    [Fact]
    public async Task AConnectWithInvalidUtf8AnywhereInItsBodyIsA400AndTheSameConnectInUtf8IsAccepted()
    {
        var (tenant, _, sessionId, _) = await StartAsync("call-utf8-connect");
        var claims = $$"""{"sub":["c:{{tenant.TenantId}}:{{sessionId}}"],"role":["webpubsub.sendToGroup.s.{{sessionId}}.view"],"cb.tid":["{{tenant.TenantId}}"],"cb.sid":["{{sessionId}}"],"cb.role":["customer"]}""";
        byte[] Connect(string before, byte[] inserted, string after) =>
            [.. Encoding.UTF8.GetBytes(before), .. inserted, .. Encoding.UTF8.GetBytes(after)];
        var bodies = new Dictionary<string, byte[]>
        {
            ["a claim value"] = Connect("{\"claims\":{\"sub\":[\"c:", NotUtf8, "\"],\"cb.x\":[\"1\"]},\"query\":{},\"headers\":{},\"subprotocols\":[]}"),
            ["a claim name"] = Connect("{\"claims\":{\"cb.", NotUtf8, $"\":[\"1\"],\"sub\":[\"c:{tenant.TenantId}:{sessionId}\"]}},\"query\":{{}},\"headers\":{{}},\"subprotocols\":[]}}"),
            ["a query value"] = Connect($"{{\"claims\":{claims},\"query\":{{\"x\":[\"", NotUtf8, "\"]},\"headers\":{},\"subprotocols\":[]}"),
            ["a header value"] = Connect($"{{\"claims\":{claims},\"query\":{{}},\"headers\":{{\"User-Agent\":[\"", NotUtf8, "\"]},\"subprotocols\":[]}"),
            ["a subprotocol"] = Connect($"{{\"claims\":{claims},\"query\":{{}},\"headers\":{{}},\"subprotocols\":[\"", NotUtf8, "\"]}"),
            ["an unread property"] = Connect($"{{\"claims\":{claims},\"clientCertificates\":[{{\"thumbprint\":\"", NotUtf8, "\"}]}"),
        };
        var failures = new List<string>();

        foreach (var (where, body) in bodies)
        {
            var response = await _upstream.SendAsync(_upstream.Request("azure.webpubsub.sys.connect", "connect", $"utf8-connect-{Guid.NewGuid():N}", body));
            if (response.Status != 400)
            {
                failures.Add($"invalid UTF-8 in {where}: {response}");
            }
        }

        var valid = await _upstream.SendAsync(_upstream.Request("azure.webpubsub.sys.connect", "connect", "utf8-connect-valid", Encoding.UTF8.GetBytes($"{{\"claims\":{claims},\"query\":{{\"x\":[\"é\"]}},\"headers\":{{}},\"subprotocols\":[]}}")));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(200, valid.Status);
    }

    [Fact]
    public async Task EventsOfAConnectedSessionWithInvalidUtf8AreA400AndChangeNothing()
    {
        var (tenant, agent, sessionId, customer) = await StartAsync("call-utf8-events");
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        await using var socket = await PubSubTestClient.ConnectAsync(url);
        await WaitForParticipantsAsync(tenant, agent, sessionId, "call-utf8-events");
        var before = await SnapshotAsync(tenant, agent, sessionId, "call-utf8-events");
        var state = RealtimeConnectionState.Encode(RealtimeParticipant.Customer(tenant.TenantId, sessionId));
        var userId = $"c:{tenant.TenantId}:{sessionId}";
        var stateOfNotUtf8 = Convert.ToBase64String([.. Encoding.UTF8.GetBytes($"{{\"tid\":\"{tenant.TenantId}\",\"sid\":\"{sessionId}\",\"role\":\"customer\",\"x\":\""), .. NotUtf8, .. "\"}"u8]);
        var notUtf8Header = Encoding.Latin1.GetString(NotUtf8);
        var attempts = new (string What, string Type, string Event, byte[] Body, string? ContentType, (string, string)[] Headers)[]
        {
            ("connected, body", "azure.webpubsub.sys.connected", "connected", [.. "{\"x\":\""u8, .. NotUtf8, .. "\"}"u8], "application/json", [("ce-userId", userId), ("ce-connectionState", state)]),
            ("connected, connection state", "azure.webpubsub.sys.connected", "connected", "{}"u8.ToArray(), "application/json", [("ce-userId", userId), ("ce-connectionState", stateOfNotUtf8)]),
            ("connected, raw ce-userId bytes", "azure.webpubsub.sys.connected", "connected", "{}"u8.ToArray(), "application/json", [("ce-userId", "c:" + notUtf8Header), ("ce-connectionState", state)]),
            ("disconnected, reason", "azure.webpubsub.sys.disconnected", "disconnected", [.. "{\"reason\":\""u8, .. NotUtf8, .. "\"}"u8], "application/json", [("ce-userId", userId), ("ce-connectionState", state)]),
            ("disconnected, connection state", "azure.webpubsub.sys.disconnected", "disconnected", "{}"u8.ToArray(), "application/json", [("ce-userId", userId), ("ce-connectionState", stateOfNotUtf8)]),
            ("disconnected, raw ce-connectionState bytes", "azure.webpubsub.sys.disconnected", "disconnected", "{}"u8.ToArray(), "application/json", [("ce-userId", userId), ("ce-connectionState", state + notUtf8Header)]),
            ("activity, text", "azure.webpubsub.user.activity", "activity", [.. "pointer "u8, .. NotUtf8], "text/plain", [("ce-userId", userId), ("ce-connectionState", state)]),
            ("activity, JSON", "azure.webpubsub.user.activity", "activity", [.. "{\"kind\":\""u8, .. NotUtf8, .. "\"}"u8], "application/json", [("ce-userId", userId), ("ce-connectionState", state)]),
            ("navigated, JSON path", "azure.webpubsub.user.navigated", "navigated", [.. "{\"path\":\"/cart/"u8, .. NotUtf8, .. "\"}"u8], "application/json", [("ce-userId", userId), ("ce-connectionState", state)]),
            ("activity, connection state", "azure.webpubsub.user.activity", "activity", "{}"u8.ToArray(), "application/json", [("ce-userId", userId), ("ce-connectionState", stateOfNotUtf8)]),
        };
        var failures = new List<string>();

        foreach (var attempt in attempts)
        {
            var connectionId = $"utf8-{Guid.NewGuid():N}";
            var response = await _upstream.SendAsync(_upstream.Request(attempt.Type, attempt.Event, connectionId, attempt.Body, attempt.ContentType, attempt.Headers));
            if (response.Status != 400)
            {
                failures.Add($"{attempt.What}: {response}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {attempts.Length} events with invalid UTF-8 were not a 400:\n" + string.Join('\n', failures));
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything signalled would have reached the tables by now
        Assert.Equal(before, await SnapshotAsync(tenant, agent, sessionId, "call-utf8-events"));

        // The same navigated event in UTF-8 is recorded: only the bytes made the difference.
        var valid = await _upstream.SendAsync(_upstream.Request("azure.webpubsub.user.navigated", "navigated", $"utf8-{Guid.NewGuid():N}", "{\"path\":\"/cart/é\"}"u8.ToArray(), "application/json", [("ce-userId", userId), ("ce-connectionState", state)]));
        Assert.Equal(204, valid.Status);
    }

    /// <summary>What a bad event could have changed: the session row, its timeline and who is connected.</summary>
    private async Task<string> SnapshotAsync(TestTenant tenant, string agent, string sessionId, string interactionId)
    {
        var session = await _api.SessionAsync(agent, sessionId);
        var timeline = await _api.TimelineAsync(agent, interactionId);
        var live = (await _api.GetAsync("/api/v1/live/sessions", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!["sessions"]!.AsArray()
            .Single(s => s!["sessionId"]!.GetValue<string>() == sessionId)!["participants"]!;
        return $"{session.ToJsonString()}\n{timeline.ToJsonString()}\n{live.ToJsonString()}";
    }

    /// <summary>The customer's connection is in presence and in the timeline, so nothing is still on its way.</summary>
    private async Task WaitForParticipantsAsync(TestTenant tenant, string agent, string sessionId, string interactionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var sessions = (await _api.GetAsync("/api/v1/live/sessions", tenant.ApiKey)).Body!["sessions"]!.AsArray();
            var present = sessions.SingleOrDefault(s => s!["sessionId"]!.GetValue<string>() == sessionId)?["participants"]?.AsArray().Count == 1;
            var recorded = (await _api.TimelineAsync(agent, interactionId)).Any(e => e!["type"]!.GetValue<string>() == "participantConnected");
            if (present && recorded)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"The customer of {sessionId} never showed as connected.");
    }

    private async Task<(TestTenant Tenant, string Agent, string SessionId, string Customer)> StartAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        return (tenant, agent, sessionId, customer);
    }
}
