using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// A body that names a property twice means two things at once; which one a parser keeps differs between parsers
/// (a gateway may check the first while we act on the last). Every JSON body of the product API refuses it with a
/// 400 problem that names the property, and nothing is minted, created or changed; so is a signed upstream event.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class DuplicateJsonPropertyTests(LocalStackFixture stack)
{
    private static readonly Dictionary<string, string> AdminKey = new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };

    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ADuplicatedPropertyInAnyBodyIsRefusedWith400NamingIt()
    {
        var tenant = await _api.CreateTenantAsync();
        var other = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var offer = (await _api.PostAsync("/api/v1/interactions/dup-offer/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created).Text("offerId");
        var page = new Dictionary<string, string> { ["Origin"] = tenant.Origin, ["X-Forwarded-For"] = "198.51.100.7" };
        var newTenant = $"dup-{Guid.NewGuid():N}"[..20];
        var attempts = new (string Name, HttpMethod Method, string Path, string? Bearer, Dictionary<string, string>? Headers, string Body, string Property)[]
        {
            ("mint agent token", HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, null, """{"agentId":"first","agentId":"second"}""", "agentId"),
            ("mint agent token, roles twice", HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, null, """{"agentId":"a","roles":["agent"],"roles":["agent","supervisor"]}""", "roles"),
            ("issue security key", HttpMethod.Post, "/api/v1/interactions/dup-key/security-keys", agent, null, """{"externalContactId":"c-1","externalContactId":"c-2"}""", "externalContactId"),
            ("redeem", HttpMethod.Post, "/api/v1/security-keys/redeem", null, page, $$"""{"siteKey":"{{tenant.SiteKey}}","key":"000000","key":"111111"}""", "key"),
            ("create offer", HttpMethod.Post, "/api/v1/interactions/dup-offer-2/offers", agent, null, """{"channel":"webChat","channel":"webMessaging"}""", "channel"),
            ("accept offer", HttpMethod.Post, $"/api/v1/offers/{offer}/accept", null, page, $$"""{"siteKey":"{{other.SiteKey}}","siteKey":"{{tenant.SiteKey}}"}""", "siteKey"),
            ("decline offer", HttpMethod.Post, $"/api/v1/offers/{offer}/decline", null, page, $$"""{"siteKey":"{{tenant.SiteKey}}","siteKey":"{{tenant.SiteKey}}"}""", "siteKey"),
            ("interaction webhook", HttpMethod.Post, "/api/v1/interactions/dup-offer/events", tenant.ApiKey, null, """{"type":"transferred","type":"ended"}""", "type"),
            ("create tenant", HttpMethod.Post, "/api/v1/admin/tenants", null, AdminKey, $$"""{"tenantId":"{{newTenant}}","name":"A","name":"B","allowedOrigins":["https://a.example.test"]}""", "name"),
            ("create tenant, nested", HttpMethod.Post, "/api/v1/admin/tenants", null, AdminKey, $$$"""{"tenantId":"{{{newTenant}}}","name":"A","allowedOrigins":["https://a.example.test"],"timeouts":{"webChatSeconds":60,"webChatSeconds":3600}}""", "webChatSeconds"),
            ("update tenant", HttpMethod.Patch, $"/api/v1/admin/tenants/{tenant.TenantId}", null, AdminKey, """{"retentionDays":30,"retentionDays":1}""", "retentionDays"),
            ("rotate site key", HttpMethod.Post, $"/api/v1/admin/tenants/{tenant.TenantId}/site-key/rotate", null, AdminKey, """{"graceSeconds":0,"graceSeconds":600}""", "graceSeconds"),
        };
        var failures = new List<string>();

        foreach (var attempt in attempts)
        {
            var response = await _api.SendAsync(attempt.Method, attempt.Path, attempt.Bearer, rawBody: attempt.Body, headers: attempt.Headers);
            var detail = response.Body?["detail"]?.GetValue<string>() ?? string.Empty;
            if (response.Status != HttpStatusCode.BadRequest || response.ContentType != "application/problem+json" || !detail.Contains(attempt.Property, StringComparison.Ordinal))
            {
                failures.Add($"{attempt.Name}: {(int)response.Status} {response.Body?.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {attempts.Length} duplicate bodies were not refused with a 400 naming the property:\n" + string.Join('\n', failures));
        var unchanged = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/admin/tenants/{tenant.TenantId}", headers: AdminKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.Null(unchanged["previousSiteKey"]);
        Assert.Equal(tenant.SiteKey, unchanged["siteKey"]!.GetValue<string>());
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/admin/tenants/{newTenant}", headers: AdminKey)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("pending", (await _api.GetAsync($"/api/v1/sessions?state=all&interactionId=dup-offer", agent)).Body!["sessions"]![0]!["state"]!.GetValue<string>());
        Assert.Empty(await _api.TimelineAsync(agent, "dup-key"));
        Assert.Empty(await _api.TimelineAsync(agent, "dup-offer-2"));
    }

    [Fact]
    public async Task ASignedConnectEventWithTwoClaimSetsIsRefusedWith400()
    {
        // A gateway or logger that reads the first set would see a customer of a session that does not exist.
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-dup-claims");
        var upstream = new SignedUpstream(stack);
        var live = $$"""{"sub":["c:{{tenant.TenantId}}:{{sessionId}}"],"cb.tid":["{{tenant.TenantId}}"],"cb.sid":["{{sessionId}}"],"cb.role":["customer"]}""";
        var nobody = $$"""{"sub":["c:{{tenant.TenantId}}:sNoSuchSession000"],"cb.tid":["{{tenant.TenantId}}"],"cb.sid":["sNoSuchSession000"],"cb.role":["customer"]}""";

        var twice = await upstream.SendAsync(upstream.Request("azure.webpubsub.sys.connect", "connect", "dup-claims-1", Encoding.UTF8.GetBytes($$"""{"claims":{{nobody}},"claims":{{live}}}""")));
        var once = await upstream.SendAsync(upstream.Request("azure.webpubsub.sys.connect", "connect", "dup-claims-2", Encoding.UTF8.GetBytes($$"""{"claims":{{live}}}""")));

        Assert.True(twice.Status == 400, twice.ToString());
        Assert.True(once.Status == 200, once.ToString());
    }

    [Fact]
    public async Task TheSameBodyWithoutTheDuplicateIsTaken()
    {
        var tenant = await _api.CreateTenantAsync();

        var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, rawBody: """{"agentId":"second"}""");

        response.AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADuplicateWithDifferentlyCasedNamesIsRefusedToo()
    {
        // Property names match case-insensitively, so "agentId" and "AgentId" are the same property twice.
        var tenant = await _api.CreateTenantAsync();

        var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, rawBody: """{"agentId":"first","AgentId":"second"}""");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.False(response.Body!.AsObject().ContainsKey("token"));
    }
}
