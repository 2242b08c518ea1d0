using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Live;

/// <summary>
/// The supervisors' live view over the real local stack: the list of a tenant's active sessions with who is connected,
/// the tenant-wide live group fed by every transition (real WebSockets, tenant isolation, nobody can write to it), and
/// a supervisor who watches a session with no send role at all.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class LiveViewTests(LocalStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task TheListHoldsTheTenantsJoinedSessionsWithModeAndWhoIsConnectedAndNothingOfOtherTenants()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var agentA = await _api.AgentTokenAsync(a, "alice");
        var supervisorA = await _api.AgentTokenAsync(a, "sam", "supervisor");
        var (viewOnly, customer) = await _api.StartVoiceSessionAsync(a, agentA, "call-live-list-1");
        var (inControl, customer2) = await _api.StartOfferSessionAsync(a, agentA, "chat-live-list-2", "webChat");
        var (_, pending) = await _api.IssueKeyAsync(agentA, "call-live-list-pending");
        var (ended, _) = await _api.StartVoiceSessionAsync(a, agentA, "call-live-list-ended");
        (await _api.PostAsync($"/api/v1/sessions/{ended}/end", agentA)).AssertStatus(HttpStatusCode.OK);
        var (otherTenants, _) = await _api.StartVoiceSessionAsync(b, await _api.AgentTokenAsync(b, "bob"), "call-live-list-b");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await SessionUrlAsync(viewOnly, customer));
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await SessionUrlAsync(inControl, agentA));
        (await _api.PostAsync($"/api/v1/sessions/{inControl}/control-requests", agentA)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{inControl}/control-requests/approve", customer2)).AssertStatus(HttpStatusCode.OK);

        var sessions = await WaitForListAsync(supervisorA, list => Row(list, viewOnly)?["participants"]!.AsArray().Count == 1 && Row(list, inControl)?["participants"]!.AsArray().Count == 1);

        Assert.Equal(new[] { inControl, viewOnly }.Order(), sessions.Select(s => Text(s!, "sessionId")).Order());
        Assert.DoesNotContain(sessions, s => Text(s!, "sessionId") is var id && (id == pending || id == ended || id == otherTenants));
        var voice = Row(sessions, viewOnly)!;
        Assert.Equal(("voice", "viewOnly", "viewOnly", "alice", "call-live-list-1"), (Text(voice, "channel"), Text(voice, "state"), Text(voice, "mode"), Text(voice, "ownerAgentId"), Text(voice, "interactionId")));
        Assert.Equal("customer", Text(voice["participants"]![0]!, "kind"));
        Assert.NotNull(voice["startedAt"]);
        Assert.InRange(voice["durationSeconds"]!.GetValue<long>(), 0, 120);
        var chat = Row(sessions, inControl)!;
        Assert.Equal(("webChat", "control", "alice"), (Text(chat, "channel"), Text(chat, "mode"), Text(chat, "controlAgentId")));
        Assert.Equal(("agent", "alice"), (Text(chat["participants"]![0]!, "kind"), Text(chat["participants"]![0]!, "id")));

        // The API key sees the same; an agent without the supervisor role and other tenants' credentials do not.
        var byKey = (await _api.GetAsync("/api/v1/live/sessions", a.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!["sessions"]!.AsArray();
        Assert.Equal(2, byKey.Count);
        (await _api.GetAsync("/api/v1/live/sessions", agentA)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.GetAsync("/api/v1/live/sessions")).AssertProblem(HttpStatusCode.Unauthorized);
        var seenByB = (await _api.GetAsync("/api/v1/live/sessions", await _api.AgentTokenAsync(b, "sue", "supervisor"))).AssertStatus(HttpStatusCode.OK).Body!["sessions"]!.AsArray();
        Assert.Equal([otherTenants], seenByB.Select(s => Text(s!, "sessionId")));
    }

    [Fact]
    public async Task EveryTransitionReachesTheTenantsLiveGroupAndNoOtherTenants()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var agentA = await _api.AgentTokenAsync(a, "alice");
        await using var supervisorA = await PubSubTestClient.ConnectAsync(await LiveUrlAsync(await _api.AgentTokenAsync(a, "sam", "supervisor"), a.TenantId));
        await using var supervisorB = await PubSubTestClient.ConnectAsync(await LiveUrlAsync(await _api.AgentTokenAsync(b, "sue", "supervisor"), b.TenantId));

        var (sessionId, customer) = await _api.StartVoiceSessionAsync(a, agentA, "call-live-push");
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agentA)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", customer)).AssertStatus(HttpStatusCode.OK);

        var liveA = $"t.{a.TenantId}.live";
        var frames = new List<JsonNode>();
        foreach (var change in new[] { "customerJoined", "controlRequested", "controlApproved", "ended" })
        {
            frames.Add((await supervisorA.WaitForGroupMessageAsync(liveA, f => f["data"]?["change"]?.GetValue<string>() == change, Patience))["data"]!);
        }

        Assert.Equal(["viewOnly", "controlRequested", "control", "ended"], frames.Select(f => Text(f, "state")));
        Assert.All(frames, f => Assert.Equal((1, "live", sessionId, "voice", "alice", "call-live-push"), (f["v"]!.GetValue<int>(), Text(f, "t"), Text(f, "sessionId"), Text(f, "channel"), Text(f, "ownerAgentId"), Text(f, "interactionId"))));
        Assert.Equal("alice", Text(frames[2], "controlAgentId"));
        Assert.Equal("customerEnded", Text(frames[3], "endReason"));
        var versions = frames.Select(f => f["version"]!.GetValue<int>()).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(await supervisorB.StaysQuietAsync(f => f["type"]?.GetValue<string>() == "message", TimeSpan.FromSeconds(1)));

        // Nobody writes to a live group, and nobody joins another tenant's.
        var forged = new JsonObject { ["v"] = 1, ["t"] = "live", ["sessionId"] = "forged", ["state"] = "control" };
        PubSubAssert.Forbidden(await supervisorA.SendToGroupAsync(liveA, forged.DeepClone()));
        PubSubAssert.Forbidden(await supervisorB.SendToGroupAsync(liveA, forged.DeepClone()));
        PubSubAssert.Forbidden(await supervisorB.JoinGroupAsync(liveA));
        var (s2, c2) = await _api.StartVoiceSessionAsync(a, agentA, "call-live-forge");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await SessionUrlAsync(s2, c2));
        PubSubAssert.Forbidden(await customerSocket.SendToGroupAsync(liveA, forged.DeepClone()));
        await supervisorA.WaitForGroupMessageAsync(liveA, f => f["data"]?["sessionId"]?.GetValue<string>() == s2, Patience);
        Assert.True(await supervisorA.StaysQuietAsync(f => f["data"]?["sessionId"]?.GetValue<string>() == "forged", TimeSpan.FromSeconds(0.5)));
        Assert.True(await supervisorB.StaysQuietAsync(f => f["type"]?.GetValue<string>() == "message", TimeSpan.FromSeconds(0.2)));
    }

    [Fact]
    public async Task WhoIsConnectedReachesTheLiveGroupOnEveryConnectAndDisconnect()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "alice");
        await using var supervisor = await PubSubTestClient.ConnectAsync(await LiveUrlAsync(await _api.AgentTokenAsync(tenant, "sam", "supervisor"), tenant.TenantId));
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-live-presence");
        var live = $"t.{tenant.TenantId}.live";
        bool Presence(JsonNode f, int count) => f["data"]?["t"]?.GetValue<string>() == "live-presence" && f["data"]?["sessionId"]?.GetValue<string>() == sessionId && f["data"]!["participants"]!.AsArray().Count == count;

        var customerSocket = await PubSubTestClient.ConnectAsync(await SessionUrlAsync(sessionId, customer));
        var one = (await supervisor.WaitForGroupMessageAsync(live, f => Presence(f, 1), Patience))["data"]!;
        Assert.Equal("customer", Text(one["participants"]![0]!, "kind"));
        await using (var agentSocket = await PubSubTestClient.ConnectAsync(await SessionUrlAsync(sessionId, agent)))
        {
            var two = (await supervisor.WaitForGroupMessageAsync(live, f => Presence(f, 2), Patience))["data"]!;
            Assert.Contains(two["participants"]!.AsArray(), p => Text(p!, "kind") == "agent" && Text(p!, "id") == "alice");
        }

        await customerSocket.DisposeAsync();
        await supervisor.WaitForGroupMessageAsync(live, f => Presence(f, 0), Patience);
    }

    [Fact]
    public async Task OnlySupervisorsGetALiveConnection()
    {
        var tenant = await _api.CreateTenantAsync();
        (await _api.PostAsync("/api/v1/live/negotiate", await _api.AgentTokenAsync(tenant, "alice"))).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.PostAsync("/api/v1/live/negotiate", tenant.ApiKey)).AssertProblem(HttpStatusCode.Forbidden);
        var negotiated = (await _api.PostAsync("/api/v1/live/negotiate", await _api.AgentTokenAsync(tenant, "sam", "supervisor"))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(($"t.{tenant.TenantId}.live", $"l:{tenant.TenantId}:sam"), (negotiated.Text("group"), negotiated.Text("userId")));
    }

    [Fact]
    public async Task AWatchingSupervisorHearsThePageAndStateButTheRelayRefusesEverySendIncludingGuideAndControl()
    {
        var a = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(a, "alice");
        var supervisor = await _api.AgentTokenAsync(a, "sam", "supervisor");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(a, agent, "call-live-watch");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await SessionUrlAsync(sessionId, customer));
        var watch = (await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", supervisor)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal($"w:{a.TenantId}:{sessionId}:sam", watch.Text("userId"));
        await using var watcher = await PubSubTestClient.ConnectAsync(watch.Text("url"));

        Assert.True((await customerSocket.SendToGroupAsync($"s.{sessionId}.view", new JsonObject { ["t"] = "page", ["n"] = 1 }))["success"]!.GetValue<bool>());
        var page = await watcher.WaitForGroupMessageAsync($"s.{sessionId}.view", timeout: Patience);
        Assert.Equal(1, page["data"]!["n"]!.GetValue<int>());

        foreach (var group in new[] { "guide", "ctl", "view", "state" })
        {
            PubSubAssert.Forbidden(await watcher.SendToGroupAsync($"s.{sessionId}.{group}", new JsonObject { ["t"] = "pointer", ["x"] = 1, ["y"] = 1 }));
        }

        PubSubAssert.Forbidden(await watcher.JoinGroupAsync($"s.{sessionId}.guide"));

        // The service asks the customer for a snapshot on the watcher's behalf; an agent without the role cannot.
        (await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/snapshot-requests", agent)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/snapshot-requests", supervisor)).AssertStatus(HttpStatusCode.Accepted);
        var resync = await customerSocket.WaitForGroupMessageAsync($"s.{sessionId}.guide", f => f["data"]?["t"]?.GetValue<string>() == "resync", Patience);
        Assert.Null(resync["fromUserId"]?.GetValue<string>());

        // Control granted to the agent is not the supervisor's: still refused, and the customer never hears the supervisor.
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
        await watcher.WaitForGroupMessageAsync($"s.{sessionId}.state", f => f["data"]?["state"]?.GetValue<string>() == "control", Patience);
        PubSubAssert.Forbidden(await watcher.SendToGroupAsync($"s.{sessionId}.ctl", new JsonObject { ["t"] = "click" }));
        Assert.True(await customerSocket.StaysQuietAsync(f => f["type"]?.GetValue<string>() == "message" && f["fromUserId"]?.GetValue<string>() is { } from && from.StartsWith("w:", StringComparison.Ordinal), TimeSpan.FromSeconds(0.5)));

        // The live list counts the watcher as a supervisor; watching is not activity.
        var row = Row(await WaitForListAsync(supervisor, list => Row(list, sessionId)?["participants"]!.AsArray().Any(p => Text(p!, "kind") == "supervisor") == true), sessionId)!;
        Assert.Contains(row["participants"]!.AsArray(), p => Text(p!, "kind") == "supervisor" && Text(p!, "id") == "sam");
        Assert.False((await watcher.SendEventAsync("activity", new JsonObject { ["kind"] = "pointer" }))["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WatchingNeedsTheSupervisorRoleASessionOfTheSameTenantAndOneThatHasNotEnded()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(a, "alice");
        var (sessionId, _) = await _api.StartVoiceSessionAsync(a, agent, "call-live-watch-rules");

        (await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", agent)).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", await _api.AgentTokenAsync(b, "sue", "supervisor"))).AssertProblem(HttpStatusCode.NotFound);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", agent)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", await _api.AgentTokenAsync(a, "sam", "supervisor"))).AssertProblem(HttpStatusCode.Conflict);
    }

    private static string Text(JsonNode node, string property) => node[property]!.GetValue<string>();

    private static JsonNode? Row(JsonArray sessions, string sessionId) => sessions.FirstOrDefault(s => Text(s!, "sessionId") == sessionId);

    private async Task<JsonArray> WaitForListAsync(string token, Func<JsonArray, bool> ready)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonArray sessions;
        do
        {
            sessions = (await _api.GetAsync("/api/v1/live/sessions", token)).AssertStatus(HttpStatusCode.OK).Body!["sessions"]!.AsArray();
            if (ready(sessions))
            {
                return sessions;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"The live list never got ready: {sessions.ToJsonString()}");
    }

    private async Task<string> LiveUrlAsync(string supervisorToken, string tenantId)
    {
        var negotiated = (await _api.PostAsync("/api/v1/live/negotiate", supervisorToken)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal($"t.{tenantId}.live", negotiated.Text("group"));
        return negotiated.Text("url");
    }

    private async Task<string> SessionUrlAsync(string sessionId, string token) =>
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", token)).AssertStatus(HttpStatusCode.OK).Text("url");
}
