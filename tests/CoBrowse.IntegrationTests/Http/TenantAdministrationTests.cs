using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>
/// The admin API over real HTTP: a tenant's view without secrets, API key revocation and site key rotation taking
/// effect on the very next request, and the admin key as the only way in.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class TenantAdministrationTests(LocalStackFixture stack)
{
    private static readonly Dictionary<string, string> AdminHeaders = new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };
    private static int _clientCounter;
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task TheTenantViewShowsSettingsAndKeyIdsButNeverASecret()
    {
        var tenant = await _api.CreateTenantAsync();
        var second = (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/api-keys")).AssertStatus(HttpStatusCode.Created);

        var view = (await AdminAsync(HttpMethod.Get, tenant.TenantId)).AssertStatus(HttpStatusCode.OK);

        var keyIds = view.Body!["apiKeys"]!.AsArray().Select(k => k!["keyId"]!.GetValue<string>()).ToList();
        Assert.Equal([KeyId(tenant.ApiKey), second.Text("keyId")], keyIds);
        Assert.StartsWith($"cbk.{tenant.TenantId}.{second.Text("keyId")}.", second.Text("apiKey"), StringComparison.Ordinal);
        Assert.Equal(tenant.SiteKey, view.Text("siteKey"));
        Assert.Equal([tenant.Origin], view.Body["allowedOrigins"]!.AsArray().Select(o => o!.GetValue<string>()));
        var text = view.Body.ToJsonString();
        Assert.DoesNotContain(Secret(tenant.ApiKey), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret(second.Text("apiKey")), text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        (await AdminAsync(HttpMethod.Get, "no-such-tenant")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ARevokedApiKeyIsRefusedAtOnceWhileTheTenantsOtherKeysWork()
    {
        var tenant = await _api.CreateTenantAsync();
        var other = (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/api-keys")).AssertStatus(HttpStatusCode.Created).Text("apiKey");
        var agentFromRevokedKey = await _api.AgentTokenAsync(tenant);

        var revoked = (await AdminAsync(HttpMethod.Delete, $"{tenant.TenantId}/api-keys/{KeyId(tenant.ApiKey)}")).AssertStatus(HttpStatusCode.OK);

        (await _api.PostAsync("/api/v1/agent-tokens", tenant.ApiKey, new { agentId = "a" })).AssertProblem(HttpStatusCode.Unauthorized);
        (await _api.PostAsync("/api/v1/interactions/call-1/events", tenant.ApiKey, new { type = "ended" })).AssertProblem(HttpStatusCode.Unauthorized);
        (await _api.GetAsync("/api/v1/interactions/call-1/timeline", tenant.ApiKey)).AssertProblem(HttpStatusCode.Unauthorized);
        (await _api.PostAsync("/api/v1/agent-tokens", other, new { agentId = "a" })).AssertStatus(HttpStatusCode.OK);
        // Agent tokens are self-contained: one minted before the revocation lives until it expires (documented).
        (await _api.GetAsync("/api/v1/sessions", agentFromRevokedKey)).AssertStatus(HttpStatusCode.OK);

        var again = (await AdminAsync(HttpMethod.Delete, $"{tenant.TenantId}/api-keys/{KeyId(tenant.ApiKey)}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(revoked.Text("revokedAt"), again.Text("revokedAt"));
        var keys = (await AdminAsync(HttpMethod.Get, tenant.TenantId)).Body!["apiKeys"]!.AsArray();
        Assert.Equal([true, false], keys.Select(k => k!["revokedAt"] is not null));
        (await AdminAsync(HttpMethod.Delete, $"{tenant.TenantId}/api-keys/no-such-key")).AssertProblem(HttpStatusCode.NotFound);
        var otherTenant = await _api.CreateTenantAsync();
        (await AdminAsync(HttpMethod.Delete, $"{otherTenant.TenantId}/api-keys/{KeyId(other)}")).AssertProblem(HttpStatusCode.NotFound);
        (await _api.PostAsync("/api/v1/agent-tokens", other, new { agentId = "a" })).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARotatedSiteKeyIsRefusedForNewSessionsAtOnceWhileRunningSessionsGoOn()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (runningSession, runningCustomer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-before-rotation");
        var pendingOffer = (await _api.PostAsync("/api/v1/interactions/chat-before-rotation/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);

        var rotated = (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate")).AssertStatus(HttpStatusCode.OK);
        var current = tenant with { SiteKey = rotated.Text("siteKey") };

        Assert.NotEqual(tenant.SiteKey, current.SiteKey);
        Assert.StartsWith("site_", current.SiteKey, StringComparison.Ordinal);
        Assert.Null(rotated.Body!["previousSiteKey"]);
        (await ConfigAsync(tenant.SiteKey, tenant.Origin)).AssertProblem(HttpStatusCode.NotFound);
        (await ConfigAsync(current.SiteKey, tenant.Origin)).AssertStatus(HttpStatusCode.OK);

        var (key, _) = await _api.IssueKeyAsync(agent, "call-after-rotation");
        (await _api.RedeemAsync(tenant, key, NextClient())).AssertProblem(HttpStatusCode.NotFound);
        (await _api.AnswerOfferAsync(tenant, pendingOffer.Text("offerId"), accept: true)).AssertProblem(HttpStatusCode.NotFound);
        (await _api.AnswerOfferAsync(tenant, pendingOffer.Text("offerId"), accept: false)).AssertProblem(HttpStatusCode.NotFound);
        // Refused before anything was spent: the same key and offer still work with the new site key.
        (await _api.RedeemAsync(current, key, NextClient())).AssertStatus(HttpStatusCode.OK);
        (await _api.AnswerOfferAsync(current, pendingOffer.Text("offerId"), accept: true)).AssertStatus(HttpStatusCode.OK);

        (await _api.PostAsync($"/api/v1/sessions/{runningSession}/activity", runningCustomer)).AssertStatus(HttpStatusCode.Accepted);
        (await _api.PostAsync($"/api/v1/sessions/{runningSession}/realtime/negotiate", runningCustomer)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("viewOnly", (await _api.SessionAsync(runningCustomer, runningSession))["state"]!.GetValue<string>());
        (await _api.PostAsync($"/api/v1/sessions/{runningSession}/end", runningCustomer)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AGracePeriodKeepsTheOldSiteKeyUntilItPassesAndPatchedSelectorsReachTheNewKeysConfig()
    {
        var tenant = await _api.CreateTenantAsync();

        var rotated = (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate", new { graceSeconds = 3 })).AssertStatus(HttpStatusCode.OK);
        var newKey = rotated.Text("siteKey");
        (await AdminAsync(HttpMethod.Patch, tenant.TenantId, new { blockSelectors = new[] { "#rotated-pay" } })).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(tenant.SiteKey, rotated.Text("previousSiteKey"));
        var validUntil = DateTimeOffset.Parse(rotated.Text("previousSiteKeyValidUntil"), System.Globalization.CultureInfo.InvariantCulture);
        var duringGrace = await ConfigAsync(tenant.SiteKey, tenant.Origin);
        var withNewKey = await ConfigAsync(newKey, tenant.Origin);
        Assert.True(DateTimeOffset.UtcNow < validUntil, "The grace period ran out before it could be observed.");
        Assert.Equal(["#rotated-pay"], duringGrace.AssertStatus(HttpStatusCode.OK).Body!["blockSelectors"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["#rotated-pay"], withNewKey.AssertStatus(HttpStatusCode.OK).Body!["blockSelectors"]!.AsArray().Select(n => n!.GetValue<string>()));

        await Task.Delay(validUntil - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        (await ConfigAsync(tenant.SiteKey, tenant.Origin)).AssertProblem(HttpStatusCode.NotFound);
        (await ConfigAsync(newKey, tenant.Origin)).AssertStatus(HttpStatusCode.OK);

        // Rotating again drops the earlier key at once, grace or not.
        var third = (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate", new { graceSeconds = 60 })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(newKey, third.Text("previousSiteKey"));
        (await ConfigAsync(newKey, tenant.Origin)).AssertStatus(HttpStatusCode.OK);
        (await ConfigAsync(third.Text("siteKey"), tenant.Origin)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABadRotationChangesNothing()
    {
        var tenant = await _api.CreateTenantAsync();

        (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate", new { graceSeconds = -1 })).AssertProblem(HttpStatusCode.BadRequest);
        (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate", new { graceSeconds = 8 * 86_400 })).AssertProblem(HttpStatusCode.BadRequest);
        (await AdminAsync(HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate", new { siteKey = "site_chosen" })).AssertProblem(HttpStatusCode.BadRequest);
        (await AdminAsync(HttpMethod.Post, "no-such-tenant/site-key/rotate")).AssertProblem(HttpStatusCode.NotFound);

        Assert.Equal(tenant.SiteKey, (await AdminAsync(HttpMethod.Get, tenant.TenantId)).Text("siteKey"));
        (await ConfigAsync(tenant.SiteKey, tenant.Origin)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdminRoutesNeedTheAdminKeyAndATenantsApiKeyOrAgentTokenIsNotEnough()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "boss", "agent", "supervisor", "reporting");
        var routes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, "", new { tenantId = "intruder-tenant", allowedOrigins = new[] { "https://evil.example" } }),
            (HttpMethod.Get, tenant.TenantId, null),
            (HttpMethod.Patch, tenant.TenantId, new { allowedOrigins = new[] { "https://evil.example" } }),
            (HttpMethod.Post, $"{tenant.TenantId}/site-key/rotate", null),
            (HttpMethod.Post, $"{tenant.TenantId}/api-keys", null),
            (HttpMethod.Delete, $"{tenant.TenantId}/api-keys/{KeyId(tenant.ApiKey)}", null),
        };
        var credentials = new (string? Bearer, Dictionary<string, string>? Headers)[]
        {
            (null, null),
            (tenant.ApiKey, null),
            (agent, null),
            (null, new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey[..^1] + "x" }),
            (tenant.ApiKey, new() { ["X-CoBrowse-Admin-Key"] = tenant.ApiKey }),
        };

        foreach (var (method, path, body) in routes)
        {
            foreach (var (bearer, headers) in credentials)
            {
                var url = "/api/v1/admin/tenants" + (path.Length > 0 ? "/" + path : string.Empty);
                (await _api.SendAsync(method, url, bearer, body, headers: headers)).AssertProblem(HttpStatusCode.Unauthorized);
            }
        }

        var after = (await AdminAsync(HttpMethod.Get, tenant.TenantId)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(tenant.SiteKey, after.Text("siteKey"));
        Assert.Equal([tenant.Origin], after.Body!["allowedOrigins"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Single(after.Body["apiKeys"]!.AsArray());
        Assert.Null(after.Body["apiKeys"]![0]!["revokedAt"]);
        (await AdminAsync(HttpMethod.Get, "intruder-tenant")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ATenantsApiKeyMintsTokensForItsOwnTenantOnly()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var bAgent = await _api.AgentTokenAsync(b);
        var (bKey, bSession) = await _api.IssueKeyAsync(bAgent, "b-call");

        (await _api.PostAsync("/api/v1/agent-tokens", a.ApiKey, new { agentId = "x", tenantId = b.TenantId })).AssertProblem(HttpStatusCode.BadRequest);
        var aToken = await _api.AgentTokenAsync(a, "x");

        Assert.Equal(a.TenantId, Payload(aToken)["tid"]!.GetValue<string>());
        (await _api.GetAsync($"/api/v1/sessions/{bSession}", aToken)).AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(bSession, (await _api.GetAsync("/api/v1/sessions?state=all", aToken)).Body!.ToJsonString(), StringComparison.Ordinal);
        // B's key redeemed on A's site is unknown there, and stays redeemable on B's.
        (await _api.RedeemAsync(a, bKey, NextClient())).AssertProblem(HttpStatusCode.NotFound);
        (await _api.RedeemAsync(b, bKey, NextClient())).AssertStatus(HttpStatusCode.OK);
        // A rewritten key naming B with A's key id and secret is refused.
        var parts = a.ApiKey.Split('.');
        (await _api.PostAsync("/api/v1/agent-tokens", $"cbk.{b.TenantId}.{parts[2]}.{parts[3]}", new { agentId = "x" })).AssertProblem(HttpStatusCode.Unauthorized);
    }

    private Task<ApiResponse> AdminAsync(HttpMethod method, string path, object? body = null) =>
        _api.SendAsync(method, $"/api/v1/admin/tenants/{path}", body: body, headers: AdminHeaders);

    private Task<ApiResponse> ConfigAsync(string siteKey, string origin) =>
        _api.SendAsync(HttpMethod.Get, $"/api/v1/sites/{siteKey}/config", headers: new Dictionary<string, string> { ["Origin"] = origin });

    private static string KeyId(string apiKey) => apiKey.Split('.')[2];

    private static string Secret(string apiKey) => apiKey.Split('.')[3];

    /// <summary>A fresh client address per redemption, so the per-address attempt limit never interferes.</summary>
    private static string NextClient() => $"198.51.100.{Interlocked.Increment(ref _clientCounter) % 250 + 1}";

    private static JsonNode Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '='))))!;
    }
}
