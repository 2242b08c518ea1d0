using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Attack (issue 14, finding 5), the API side: the agent's console loads page resources only from what the tenant
/// allows, so the policy an agent reads must be its own tenant's, the setting must refuse anything that is not a
/// plain origin (a path, a wildcard, plain http to a public host, a value that would smuggle a CSP directive), and the
/// held-back hosts the console reports are strings the customer picked: validated, bounded, one event per agent.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class MirrorResourcePolicyAttackTests(LocalStackFixture stack)
{
    private const string SecretCdn = "https://cdn-b-secret.example.test";
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AnotherTenantsAgentSupervisorApiKeyOrCustomerCannotReadATenantsResourcePolicy()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        (await PatchAsync(b.TenantId, new { assetOrigins = new[] { SecretCdn } })).AssertStatus(HttpStatusCode.OK);
        var bAgent = await _api.AgentTokenAsync(b, "b-agent");
        var (bSession, bCustomer) = await _api.StartVoiceSessionAsync(b, bAgent, "policy-call");
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var (_, aCustomer) = await _api.StartVoiceSessionAsync(a, aAgent, "policy-call");
        var intruders = new Dictionary<string, string>
        {
            ["A's agent"] = aAgent,
            ["A's supervisor"] = await _api.AgentTokenAsync(a, "a-supervisor", "agent", "supervisor"),
            ["A's API key"] = a.ApiKey,
            ["A's customer"] = aCustomer,
            ["B's own customer"] = bCustomer,
        };

        var own = (await _api.GetAsync($"/api/v1/sessions/{bSession}/resource-policy", bAgent)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal([b.Origin, SecretCdn], own.Body!["origins"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.False(own.Body["anyHttps"]!.GetValue<bool>());
        foreach (var (who, token) in intruders)
        {
            var refused = await _api.GetAsync($"/api/v1/sessions/{bSession}/resource-policy", token);
            Assert.True(refused.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who}: {(int)refused.Status} {refused.Body?.ToJsonString()}");
            refused.AssertProblem(refused.Status);
            Assert.DoesNotContain("cdn-b-secret", refused.Body!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AssetOriginsThatAreNotPlainOriginsAreRefusedAndNothingChanges()
    {
        var tenant = await _api.CreateTenantAsync();
        var accepted = (await PatchAsync(tenant.TenantId, new
        {
            assetOrigins = new[] { "https://CDN.Example.test", "https://cdn.example.test:8443", "http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000", "https://bücher.example.test" },
        })).AssertStatus(HttpStatusCode.OK);
        string[] stored = ["https://cdn.example.test", "https://cdn.example.test:8443", "http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000", "https://xn--bcher-kva.example.test"];
        Assert.Equal(stored, accepted.Body!["assetOrigins"]!.AsArray().Select(o => o!.GetValue<string>()));

        string[][] refused =
        [
            ["http://cdn.example.test"], // plain http to a public host: anyone on the path could swap the file
            ["https://cdn.example.test/"],
            ["https://cdn.example.test/assets"],
            ["https://*.example.test"],
            ["https://user:secret@cdn.example.test"],
            ["https://cdn.example.test?v=1"],
            ["https://cdn.example.test#top"],
            ["javascript:alert(1)"],
            ["data:text/css,x"],
            ["https://cdn.example.test; script-src *"],
            ["https://cdn.example.test 'unsafe-inline'"],
            ["https://cdn example.test"],
            [""],
            ["*"],
            ["https:"],
            ["ftp://cdn.example.test"],
            ["ws://cdn.example.test"],
            ["https://" + new string('a', 300) + ".example.test"],
            [.. Enumerable.Range(0, 51).Select(i => $"https://cdn{i}.example.test")],
        ];
        foreach (var origins in refused)
        {
            var answer = await PatchAsync(tenant.TenantId, new { assetOrigins = origins });
            answer.AssertProblem(HttpStatusCode.BadRequest);
            Assert.Contains("assetOrigins", answer.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        (await _api.SendAsync(HttpMethod.Post, "/api/v1/admin/tenants", body: new { tenantId = "assets-bad-" + Guid.NewGuid().ToString("N")[..8], allowedOrigins = new[] { "https://shop.example.test" }, assetOrigins = new[] { "http://cdn.example.test" } }, headers: AdminHeaders))
            .AssertProblem(HttpStatusCode.BadRequest);
        var details = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/admin/tenants/{tenant.TenantId}", headers: AdminHeaders)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(stored, details.Body!["assetOrigins"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.False(details.Body["allowAnyHttpsAssets"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnyHttpsHostIsAnExplicitOptInThatTheConsoleIsTold()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (session, _) = await _api.StartVoiceSessionAsync(tenant, agent, "any-https-call");

        var before = (await _api.GetAsync($"/api/v1/sessions/{session}/resource-policy", agent)).AssertStatus(HttpStatusCode.OK);
        (await PatchAsync(tenant.TenantId, new { allowAnyHttpsAssets = "yes" })).AssertProblem(HttpStatusCode.BadRequest);
        (await PatchAsync(tenant.TenantId, new { allowAnyHttpsAssets = true })).AssertStatus(HttpStatusCode.OK);
        var after = (await _api.GetAsync($"/api/v1/sessions/{session}/resource-policy", agent)).AssertStatus(HttpStatusCode.OK);

        Assert.False(before.Body!["anyHttps"]!.GetValue<bool>());
        Assert.True(after.Body!["anyHttps"]!.GetValue<bool>());
    }

    [Fact]
    public async Task HeldBackHostsAreValidatedBoundedAndKeptAsOneTimelineEventPerAgent()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(b, "b-agent");
        var (session, customer) = await _api.StartVoiceSessionAsync(b, agent, "held-back-call");
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var path = $"/api/v1/sessions/{session}/held-back-resources";
        object[] hostile =
        [
            new { hosts = new[] { new { host = "<script>alert(1)</script>", count = 1 } } },
            new { hosts = new[] { new { host = "evil.example/path", count = 1 } } },
            new { hosts = new[] { new { host = "http://evil.example", count = 1 } } },
            new { hosts = new[] { new { host = "evil example", count = 1 } } },
            new { hosts = new[] { new { host = "EVIL.example", count = 1 } } },
            new { hosts = new[] { new { host = "evil.example:0", count = 1 } } },
            new { hosts = new[] { new { host = "evil.example:70000", count = 1 } } },
            new { hosts = new[] { new { host = "evil.example\u0000.test", count = 1 } } },
            new { hosts = new[] { new { host = new string('a', 254) + ".example", count = 1 } } },
            new { hosts = new[] { new { host = "evil.example", count = 0 } } },
            new { hosts = new[] { new { host = "evil.example", count = -5 } } },
            new { hosts = new[] { new { host = "evil.example", count = 1 }, new { host = "evil.example", count = 2 } } },
            new { hosts = Enumerable.Range(0, 21).Select(i => new { host = $"h{i}.example", count = 1 }).ToArray() },
            new { hosts = Array.Empty<object>() },
            new { },
        ];

        foreach (var body in hostile)
        {
            (await _api.PostAsync(path, agent, body)).AssertProblem(HttpStatusCode.BadRequest);
        }

        (await _api.PostAsync(path, customer, new { hosts = new[] { new { host = "evil.example", count = 1 } } })).AssertProblem(HttpStatusCode.Forbidden);
        (await _api.PostAsync(path, aAgent, new { hosts = new[] { new { host = "a-was-here.example", count = 1 } } })).AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain("resourcesHeldBack", (await _api.TimelineAsync(b.ApiKey, "held-back-call")).ToJsonString(), StringComparison.Ordinal);

        (await _api.PostAsync(path, agent, new { hosts = new[] { new { host = "beacon.example:8443", count = 3 }, new { host = "[2001:db8::1]", count = 1 } } })).AssertStatus(HttpStatusCode.Accepted);
        (await _api.PostAsync(path, agent, new { hosts = new[] { new { host = "beacon.example:8443", count = 7 }, new { host = "xn--bcher-kva.example", count = 2 } } })).AssertStatus(HttpStatusCode.Accepted);
        var events = (await _api.TimelineAsync(b.ApiKey, "held-back-call")).Where(e => e!["type"]!.GetValue<string>() == "resourcesHeldBack").ToList();

        var recorded = Assert.Single(events)!;
        Assert.Equal("agent", recorded["actorKind"]!.GetValue<string>());
        Assert.Equal("b-agent", recorded["actorId"]!.GetValue<string>());
        Assert.Equal(session, recorded["sessionId"]!.GetValue<string>());
        var hosts = recorded["hosts"]!.AsArray().ToDictionary(h => h!["host"]!.GetValue<string>(), h => h!["count"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["beacon.example:8443"] = 7, ["[2001:db8::1]"] = 1, ["xn--bcher-kva.example"] = 2 }, hosts);
        Assert.DoesNotContain("a-was-here", (await _api.TimelineAsync(b.ApiKey, "held-back-call")).ToJsonString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> AdminHeaders => new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };

    private Task<ApiResponse> PatchAsync(string tenantId, object body) =>
        _api.SendAsync(HttpMethod.Patch, $"/api/v1/admin/tenants/{tenantId}", body: body, headers: AdminHeaders);
}
