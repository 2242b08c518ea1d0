using System.Reflection;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Every HTTP function, found by reflection, has a row in this matrix: tenant A's API key, agent, supervisor and
/// customer tokens (and A's site key where a route takes one) are sent at tenant B's session, interaction, offer,
/// key, contact and tenant ids. Routes on B's resources must refuse with a 401/403/404 problem; routes scoped to the
/// caller may answer, but only with A's data. No answer may name any of B's ids, and B's session, timeline, offer,
/// key, contact history and tenant read back unchanged. A new endpoint without a row fails the test.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class TenantIsolationMatrixTests(LocalStackFixture stack)
{
    private const string SharedInteraction = "matrix-call";
    private const string SharedChat = "matrix-chat";
    private const string BAgentId = "b-owner-agent";
    private static readonly HttpStatusCode[] Refusals = [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.NotFound];
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    /// <summary>How a route relates to tenants, which decides what A may get back.</summary>
    private enum Scope
    {
        /// <summary>Names one of B's resources: A gets a 401/403/404 problem.</summary>
        OthersResource,

        /// <summary>Acts in the caller's own tenant whatever ids it names: A may succeed, with A's data only.</summary>
        CallersOwn,

        /// <summary>Operator only (admin key): tenant credentials get a 401/403 problem.</summary>
        OperatorOnly,

        /// <summary>Web PubSub only (function key): the host refuses before any function runs.</summary>
        ServiceOnly,

        /// <summary>Public and tenant-free.</summary>
        Public,
    }

    private sealed record Probe(HttpMethod Method, string Path, object? Body = null, bool FromTenantOrigin = false);

    private sealed record Row(Scope Scope, Func<World, IEnumerable<Probe>> Probes);

    private sealed record World(
        TestTenant A,
        TestTenant B,
        string BSession,
        string BOfferId,
        string BOfferSession,
        string BKey,
        string BKeySession,
        string BContact,
        string BApiKeyId);

    private static readonly Dictionary<string, Row> Matrix = new(StringComparer.Ordinal)
    {
        ["Health"] = new(Scope.Public, _ => [new(HttpMethod.Get, "health")]),
        ["OpenApi_Document"] = new(Scope.Public, _ => [new(HttpMethod.Get, "openapi.json")]),
        ["Realtime_Upstream"] = new(Scope.ServiceOnly, w => [new(HttpMethod.Post, "realtime/upstream", new { sessionId = w.BSession })]),

        ["Admin_CreateTenant"] = new(Scope.OperatorOnly, w => [new(HttpMethod.Post, "admin/tenants", new { tenantId = w.B.TenantId + "x", name = "x", allowedOrigins = new[] { "https://evil.test" } })]),
        ["Admin_GetTenant"] = new(Scope.OperatorOnly, w => [new(HttpMethod.Get, $"admin/tenants/{w.B.TenantId}")]),
        ["Admin_UpdateTenant"] = new(Scope.OperatorOnly, w => [new(HttpMethod.Patch, $"admin/tenants/{w.B.TenantId}", new { allowedOrigins = new[] { "https://evil.test" } })]),
        ["Admin_RotateSiteKey"] = new(Scope.OperatorOnly, w => [new(HttpMethod.Post, $"admin/tenants/{w.B.TenantId}/site-key/rotate", new { graceSeconds = 0 })]),
        ["Admin_CreateApiKey"] = new(Scope.OperatorOnly, w => [new(HttpMethod.Post, $"admin/tenants/{w.B.TenantId}/api-keys")]),
        ["Admin_RevokeApiKey"] = new(Scope.OperatorOnly, w => [new(HttpMethod.Delete, $"admin/tenants/{w.B.TenantId}/api-keys/{w.BApiKeyId}")]),
        ["Admin_RunRetention"] = new(Scope.OperatorOnly, _ => [new(HttpMethod.Post, "admin/retention/run")]),

        ["AgentTokens_Mint"] = new(Scope.CallersOwn, w =>
        [
            new(HttpMethod.Post, "agent-tokens", new { agentId = "intruder" }),
            new(HttpMethod.Post, "agent-tokens", new { agentId = "intruder", tenantId = w.B.TenantId }),
        ]),
        ["SecurityKeys_Issue"] = new(Scope.CallersOwn, w => [new(HttpMethod.Post, $"interactions/{SharedInteraction}/security-keys", new { externalContactId = w.BContact })]),
        ["SecurityKeys_Redeem"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, "security-keys/redeem", new { siteKey = w.A.SiteKey, key = w.BKey }, FromTenantOrigin: true)]),
        ["Offers_Create"] = new(Scope.CallersOwn, _ => [new(HttpMethod.Post, $"interactions/{SharedChat}/offers", new { channel = "webMessaging" })]),
        ["Offers_Accept"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"offers/{w.BOfferId}/accept", new { siteKey = w.A.SiteKey }, FromTenantOrigin: true)]),
        ["Offers_Decline"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"offers/{w.BOfferId}/decline", new { siteKey = w.A.SiteKey }, FromTenantOrigin: true)]),
        ["Sites_Config"] = new(Scope.CallersOwn, w => [new(HttpMethod.Get, $"sites/{w.A.SiteKey}/config", FromTenantOrigin: true)]),

        ["Sessions_Get"] = new(Scope.OthersResource, w => [new(HttpMethod.Get, $"sessions/{w.BSession}")]),
        ["Sessions_List"] = new(Scope.CallersOwn, _ =>
        [
            new(HttpMethod.Get, "sessions?state=all"),
            new(HttpMethod.Get, $"sessions?state=all&interactionId={SharedInteraction}"),
        ]),
        ["Sessions_RequestControl"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"sessions/{w.BSession}/control-requests")]),
        ["Sessions_ApproveControl"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"sessions/{w.BSession}/control-requests/approve")]),
        ["Sessions_DenyControl"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"sessions/{w.BSession}/control-requests/deny")]),
        ["Sessions_RevokeControl"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"sessions/{w.BSession}/control/revoke")]),
        ["Sessions_End"] = new(Scope.OthersResource, w =>
        [
            new(HttpMethod.Post, $"sessions/{w.BSession}/end"),
            new(HttpMethod.Post, $"sessions/{w.BOfferSession}/end"),
            new(HttpMethod.Post, $"sessions/{w.BKeySession}/end"),
        ]),
        ["Sessions_Activity"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"sessions/{w.BSession}/activity")]),
        ["Realtime_Negotiate"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"sessions/{w.BSession}/realtime/negotiate")]),
        ["Sessions_ResourcePolicy"] = new(Scope.OthersResource, w => [new(HttpMethod.Get, $"sessions/{w.BSession}/resource-policy")]),
        ["Sessions_ReportHeldBackResources"] = new(Scope.OthersResource, w =>
        [
            new(HttpMethod.Post, $"sessions/{w.BSession}/held-back-resources", new { hosts = new[] { new { host = "intruder.example", count = 1 } } }),
        ]),

        ["Interactions_Event"] = new(Scope.CallersOwn, _ =>
        [
            new(HttpMethod.Post, $"interactions/{SharedInteraction}/events", new { type = "transferred" }),
            new(HttpMethod.Post, $"interactions/{SharedChat}/events", new { type = "ended" }),
        ]),
        ["Interactions_Timeline"] = new(Scope.CallersOwn, _ => [new(HttpMethod.Get, $"interactions/{SharedInteraction}/timeline")]),
        ["Contacts_CobrowseSessions"] = new(Scope.CallersOwn, w => [new(HttpMethod.Get, $"contacts/{w.BContact}/cobrowse-sessions")]),
        ["Reports_Metrics"] = new(Scope.CallersOwn, _ =>
        [
            new(HttpMethod.Get, $"reports/metrics?from={Today}&to={Today}&groupBy=agent"),
            new(HttpMethod.Get, $"reports/metrics?from={Today}&to={Today}&groupBy=agent&format=csv"),
        ]),
        ["Reports_SessionsCsv"] = new(Scope.CallersOwn, _ => [new(HttpMethod.Get, $"reports/sessions.csv?from={Today}&to={Today}")]),

        ["Live_Sessions"] = new(Scope.CallersOwn, _ => [new(HttpMethod.Get, "live/sessions")]),
        ["Live_Negotiate"] = new(Scope.CallersOwn, _ => [new(HttpMethod.Post, "live/negotiate")]),
        ["Live_Watch"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"live/sessions/{w.BSession}/negotiate")]),
        ["Live_SnapshotRequest"] = new(Scope.OthersResource, w => [new(HttpMethod.Post, $"live/sessions/{w.BSession}/snapshot-requests")]),
    };

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void EveryHttpFunctionHasAMatrixRow()
    {
        var declared = HttpFunctionNames();

        Assert.Empty(declared.Except(Matrix.Keys));
        Assert.Empty(Matrix.Keys.Except(declared));
    }

    [Fact]
    public async Task TenantACredentialsNeverReadOrChangeTenantBData()
    {
        var world = await BuildWorldAsync();
        var bAgent = await _api.AgentTokenAsync(world.B, BAgentId);
        var before = await ReadBAsync(world, bAgent);
        var credentials = await CredentialsOfAAsync(world.A);
        // The contact id is a name both tenants use (A's probes create sessions for it in A), like the interaction ids.
        var secretsOfB = new[] { world.BSession, world.BOfferId, world.BOfferSession, world.BKeySession, world.B.TenantId, world.B.SiteKey, world.B.ApiKey, world.BApiKeyId, BAgentId };
        var failures = new List<string>();
        var probes = 0;

        foreach (var function in HttpFunctionNames())
        {
            var row = Matrix[function];
            foreach (var probe in row.Probes(world))
            {
                foreach (var (name, credential) in credentials)
                {
                    probes++;
                    var response = await SendAsync(probe, credential, world.A);
                    var text = response.Body?.ToJsonString() ?? string.Empty;
                    var where = $"{function} {probe.Method} {probe.Path} as A's {name} -> {(int)response.Status}";
                    if (!Acceptable(row.Scope, response))
                    {
                        failures.Add($"{where}: not acceptable for {row.Scope}: {text}");
                    }

                    // Echoing an id the caller itself sent (problem instance, "not found" detail) reveals nothing.
                    var sent = probe.Path + System.Text.Json.JsonSerializer.Serialize(probe.Body);
                    failures.AddRange(secretsOfB.Where(s => text.Contains(s, StringComparison.Ordinal) && !sent.Contains(s, StringComparison.Ordinal)).Select(s => $"{where}: names B's '{s}'"));
                }
            }
        }

        // Let A's webhooks and lifecycle signals land before reading B back.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await ReadBAsync(world, bAgent);

        Assert.True(failures.Count == 0, $"{failures.Count} of {probes} probes failed:\n" + string.Join('\n', failures));
        Assert.True(probes >= Matrix.Count * credentials.Count, $"only {probes} probes ran");
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task TenantAConnectionsCannotJoinLeaveOrSendToTenantBGroupsAndNothingReachesB()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var aSupervisor = await _api.AgentTokenAsync(a, "a-supervisor", "agent", "supervisor");
        var bAgent = await _api.AgentTokenAsync(b, BAgentId);
        var bSupervisor = await _api.AgentTokenAsync(b, "b-supervisor", "agent", "supervisor");
        var (aSession, aCustomer) = await _api.StartVoiceSessionAsync(a, aAgent, "a-socket-call");
        var (bSession, bCustomer) = await _api.StartVoiceSessionAsync(b, bAgent, SharedInteraction);
        var marker = "cross-tenant-" + Guid.NewGuid().ToString("N");

        await using var bCustomerSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{bSession}/realtime/negotiate", bCustomer));
        await using var bAgentSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{bSession}/realtime/negotiate", bAgent));
        await using var bLiveSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync("live/negotiate", bSupervisor));
        var attackers = new Dictionary<string, RawPubSubSocket>
        {
            ["A's customer"] = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{aSession}/realtime/negotiate", aCustomer)),
            ["A's agent"] = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{aSession}/realtime/negotiate", aAgent)),
            ["A's watching supervisor"] = await RawPubSubSocket.ConnectAsync(await UrlAsync($"live/sessions/{aSession}/negotiate", aSupervisor)),
            ["A's live subscriber"] = await RawPubSubSocket.ConnectAsync(await UrlAsync("live/negotiate", aSupervisor)),
        };
        var bGroups = new[] { $"s.{bSession}.view", $"s.{bSession}.guide", $"s.{bSession}.ctl", $"s.{bSession}.state", $"t.{b.TenantId}.live" };
        var failures = new List<string>();
        try
        {
            foreach (var (name, socket) in attackers)
            {
                foreach (var group in bGroups)
                {
                    foreach (var (operation, ack) in new[]
                    {
                        ("joinGroup", await socket.JoinAsync(group)),
                        ("sendToGroup", await socket.SendToGroupAsync(group, new JsonObject { ["marker"] = marker, ["t"] = "click" })),
                        ("leaveGroup", await socket.LeaveAsync(group)),
                    })
                    {
                        if (ack["success"]?.GetValue<bool>() != false || ack["error"]?["name"]?.GetValue<string>() != "Forbidden")
                        {
                            failures.Add($"{name} {operation} {group}: {ack.ToJsonString()}");
                        }
                    }
                }

                // User events carry no group: the service takes tenant and session from the connection, never the payload.
                await socket.EventAsync("navigated", new JsonObject { ["path"] = "/" + marker, ["sessionId"] = bSession, ["tenantId"] = b.TenantId });
                await socket.EventAsync("activity", new JsonObject { ["sessionId"] = bSession, ["tenantId"] = b.TenantId });
            }

            var bBefore = await _api.SessionAsync(bAgent, bSession);
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            Assert.True(failures.Count == 0, string.Join('\n', failures));
            foreach (var (name, listener) in new[] { ("B's customer", bCustomerSocket), ("B's agent", bAgentSocket), ("B's live subscriber", bLiveSocket) })
            {
                Assert.False(listener.Transcript().Contains(marker, StringComparison.Ordinal), $"{name} heard A: {listener.Transcript()}");
            }

            var bTimeline = (await _api.TimelineAsync(b.ApiKey, SharedInteraction)).ToJsonString();
            Assert.DoesNotContain(marker, bTimeline, StringComparison.Ordinal);
            Assert.DoesNotContain("pageNavigated", bTimeline, StringComparison.Ordinal);
            var bAfter = await _api.SessionAsync(bAgent, bSession);
            Assert.Equal(bBefore.ToJsonString(), bAfter.ToJsonString());
        }
        finally
        {
            foreach (var socket in attackers.Values)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private async Task<string> UrlAsync(string path, string token) =>
        (await _api.PostAsync("/api/v1/" + path, token)).AssertStatus(HttpStatusCode.OK).Text("url");

    private static bool Acceptable(Scope scope, ApiResponse response)
    {
        var isProblem = response.ContentType == "application/problem+json" && response.Body?["status"]?.GetValue<int>() == (int)response.Status;
        return scope switch
        {
            Scope.OthersResource => Refusals.Contains(response.Status) && isProblem,
            Scope.OperatorOnly => response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && isProblem,
            Scope.ServiceOnly => response.Status is HttpStatusCode.Unauthorized,
            Scope.Public => response.Status is HttpStatusCode.OK,
            Scope.CallersOwn => (int)response.Status is >= 200 and < 300 || (response.Status is HttpStatusCode.BadRequest || Refusals.Contains(response.Status)) && isProblem,
            _ => false,
        };
    }

    private async Task<ApiResponse> SendAsync(Probe probe, Credential credential, TestTenant a)
    {
        var headers = new Dictionary<string, string>
        {
            // Each probe from its own address, so the redeem attempt limit never answers in place of the tenant check.
            ["X-Forwarded-For"] = $"192.0.2.{Random.Shared.Next(1, 200)}",
        };
        if (probe.FromTenantOrigin)
        {
            headers["Origin"] = a.Origin;
        }

        if (credential.AsAdminKey)
        {
            headers["X-CoBrowse-Admin-Key"] = credential.Value;
        }

        return await _api.SendAsync(probe.Method, "/api/v1/" + probe.Path, credential.AsAdminKey ? null : credential.Value, probe.Body, headers: headers);
    }

    private sealed record Credential(string Value, bool AsAdminKey = false);

    private async Task<List<(string Name, Credential Credential)>> CredentialsOfAAsync(TestTenant a)
    {
        var agent = await _api.AgentTokenAsync(a, "a-agent");
        var supervisor = await _api.AgentTokenAsync(a, "a-supervisor", "agent", "supervisor", "reporting");
        var (_, customer) = await _api.StartVoiceSessionAsync(a, agent, "a-own-call");
        return
        [
            ("API key", new Credential(a.ApiKey)),
            ("agent token", new Credential(agent)),
            ("supervisor token", new Credential(supervisor)),
            ("customer token", new Credential(customer)),
            ("API key as admin key", new Credential(a.ApiKey, AsAdminKey: true)),
        ];
    }

    private async Task<World> BuildWorldAsync()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var bAgent = await _api.AgentTokenAsync(b, BAgentId);
        var contact = "b-contact-" + Guid.NewGuid().ToString("N")[..8];

        var issued = (await _api.PostAsync($"/api/v1/interactions/{SharedInteraction}/security-keys", bAgent, new { externalContactId = contact })).AssertStatus(HttpStatusCode.Created);
        var joined = (await _api.RedeemAsync(b, issued.Text("key"), clientAddress: "192.0.2.200")).AssertStatus(HttpStatusCode.OK);
        var bSession = issued.Text("sessionId");
        (await _api.PostAsync($"/api/v1/sessions/{bSession}/control-requests", bAgent)).AssertStatus(HttpStatusCode.OK);
        Assert.NotNull(joined.Body);

        var offer = (await _api.PostAsync($"/api/v1/interactions/{SharedChat}/offers", bAgent, new { channel = "webMessaging" })).AssertStatus(HttpStatusCode.Created);
        var (key, keySession) = await _api.IssueKeyAsync(bAgent, "matrix-key");
        var view = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/admin/tenants/{b.TenantId}", headers: AdminHeaders)).AssertStatus(HttpStatusCode.OK);
        var keyId = view.Body!["apiKeys"]!.AsArray()[0]!["keyId"]!.GetValue<string>();
        return new World(a, b, bSession, offer.Text("offerId"), offer.Text("sessionId"), key, keySession, contact, keyId);
    }

    /// <summary>Everything of B's that A might have touched, as one comparable string.</summary>
    private async Task<string> ReadBAsync(World w, string bAgent)
    {
        var parts = new List<string>();
        var active = (await _api.GetAsync($"/api/v1/sessions/{w.BSession}", bAgent)).AssertStatus(HttpStatusCode.OK).Body!;
        parts.Add($"{w.BSession}:{active["state"]}:{active["version"]}:{active["updatedAt"]}:{active["controlAgentId"]}");

        // The key and offer wait only seconds on the shared stack: expiring by themselves is fine, anything else is not.
        foreach (var session in new[] { w.BOfferSession, w.BKeySession })
        {
            var s = (await _api.GetAsync($"/api/v1/sessions/{session}", bAgent)).AssertStatus(HttpStatusCode.OK).Body!;
            var untouched = s["state"]!.GetValue<string>() == "pending"
                || s["endReason"]?.GetValue<string>() is "keyExpired" or "offerExpired";
            parts.Add($"{session}:{(untouched ? "pending or expired" : s.ToJsonString())}");
        }

        foreach (var interaction in new[] { SharedInteraction, SharedChat, "matrix-key" })
        {
            parts.Add((await _api.GetAsync($"/api/v1/interactions/{interaction}/timeline", w.B.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!.ToJsonString());
        }

        parts.Add((await _api.GetAsync($"/api/v1/contacts/{w.BContact}/cobrowse-sessions", w.B.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!.ToJsonString());
        parts.Add((await _api.SendAsync(HttpMethod.Get, $"/api/v1/admin/tenants/{w.B.TenantId}", headers: AdminHeaders)).AssertStatus(HttpStatusCode.OK).Body!.ToJsonString());
        parts.Add((await _api.GetAsync($"/api/v1/sites/{w.B.SiteKey}/config", null)).Status.ToString());
        (await _api.PostAsync("/api/v1/agent-tokens", w.B.ApiKey, new { agentId = "b-check" })).AssertStatus(HttpStatusCode.OK);
        return string.Join('\n', parts);
    }

    private static Dictionary<string, string> AdminHeaders => new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };

    private static List<string> HttpFunctionNames()
    {
        const BindingFlags everyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return Assembly.Load("CoBrowse.Functions").GetTypes()
            .SelectMany(t => t.GetMethods(everyMethod))
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
