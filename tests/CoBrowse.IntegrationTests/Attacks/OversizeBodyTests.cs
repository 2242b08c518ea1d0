using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Bodies over the API's 64 KiB limit, announced or streamed without a length: 413 Payload Too Large with a problem
/// body at every function that reads one, and nothing done. A body of exactly the limit is still read.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class OversizeBodyTests(LocalStackFixture stack)
{
    private const int Limit = 64 * 1024;
    private static readonly Dictionary<string, string> AdminKey = new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };

    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AThreeMegabyteBodyIsRefusedWith413AtEveryFunctionThatReadsABody()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var offer = (await _api.PostAsync("/api/v1/interactions/big-offer/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created).Text("offerId");
        var page = new Dictionary<string, string> { ["Origin"] = tenant.Origin, ["X-Forwarded-For"] = "198.51.100.8" };
        var padding = new string('a', 3 * 1024 * 1024);
        var targets = new (HttpMethod Method, string Path, string? Bearer, Dictionary<string, string>? Headers, string Body)[]
        {
            (HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, null, $$"""{"agentId":"{{padding}}"}"""),
            (HttpMethod.Post, "/api/v1/interactions/big-key/security-keys", agent, null, $$"""{"externalContactId":"{{padding}}"}"""),
            (HttpMethod.Post, "/api/v1/security-keys/redeem", null, page, $$"""{"siteKey":"{{tenant.SiteKey}}","key":"{{padding}}"}"""),
            (HttpMethod.Post, "/api/v1/interactions/big-offer-2/offers", agent, null, $$"""{"channel":"webChat","externalContactId":"{{padding}}"}"""),
            (HttpMethod.Post, $"/api/v1/offers/{offer}/accept", null, page, $$"""{"siteKey":"{{tenant.SiteKey}}"{{new string(' ', padding.Length)}}}"""),
            (HttpMethod.Post, $"/api/v1/offers/{offer}/decline", null, page, $$"""{"siteKey":"{{tenant.SiteKey}}"{{new string(' ', padding.Length)}}}"""),
            (HttpMethod.Post, "/api/v1/interactions/big-offer/events", tenant.ApiKey, null, $$"""{"type":"ended"{{new string(' ', padding.Length)}}}"""),
            (HttpMethod.Post, "/api/v1/admin/tenants", null, AdminKey, $$"""{"tenantId":"big-tenant","name":"{{padding}}","allowedOrigins":["https://a.example.test"]}"""),
            (HttpMethod.Patch, $"/api/v1/admin/tenants/{tenant.TenantId}", null, AdminKey, $$"""{"name":"{{padding}}"}"""),
            (HttpMethod.Post, $"/api/v1/admin/tenants/{tenant.TenantId}/site-key/rotate", null, AdminKey, $$"""{"graceSeconds":0{{new string(' ', padding.Length)}}}"""),
        };
        var failures = new List<string>();

        foreach (var target in targets)
        {
            var response = await _api.SendAsync(target.Method, target.Path, target.Bearer, rawBody: target.Body, headers: target.Headers);
            if (response.Status != HttpStatusCode.RequestEntityTooLarge || response.ContentType != "application/problem+json" || response.Body?["status"]?.GetValue<int>() != 413)
            {
                failures.Add($"{target.Method} {target.Path}: {(int)response.Status} {response.ContentType} {response.Body?.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {targets.Length} oversized bodies were not a 413 problem:\n" + string.Join('\n', failures));
        Assert.Equal("pending", (await _api.GetAsync("/api/v1/sessions?state=all&interactionId=big-offer", agent)).Body!["sessions"]![0]!["state"]!.GetValue<string>());
        Assert.Empty(await _api.TimelineAsync(agent, "big-key"));
        Assert.Empty(await _api.TimelineAsync(agent, "big-offer-2"));
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/admin/tenants/big-tenant", headers: AdminKey)).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryOperationThatReadsABodyDocumentsThe413()
    {
        var document = (await _api.GetAsync("/api/v1/openapi.json")).AssertStatus(HttpStatusCode.OK).Body!;
        var readers = new (string Path, string Method)[]
        {
            ("/agent-tokens", "post"), ("/interactions/{interactionId}/security-keys", "post"), ("/security-keys/redeem", "post"),
            ("/interactions/{interactionId}/offers", "post"), ("/offers/{offerId}/accept", "post"), ("/offers/{offerId}/decline", "post"),
            ("/interactions/{interactionId}/events", "post"), ("/admin/tenants", "post"), ("/admin/tenants/{tenantId}", "patch"),
            ("/admin/tenants/{tenantId}/site-key/rotate", "post"), ("/realtime/upstream", "post"),
        };

        var undocumented = readers.Where(r => document["paths"]?[r.Path]?[r.Method]?["responses"]?["413"] is null).ToList();

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task AnOversizedBodyStreamedWithoutALengthIsRefusedWith413()
    {
        var tenant = await _api.CreateTenantAsync();
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 48 * 1024));
        var framed = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
        byte[] body = [.. Encoding.ASCII.GetBytes($"{14:x}\r\n{{\"agentId\":\"a\"\r\n"), .. framed, .. framed, .. "1\r\n}\r\n0\r\n\r\n"u8];

        var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request(
            "POST", "/api/v1/agent-tokens", [("Authorization", $"Bearer {tenant.ApiKey}"), ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], body));

        response.AssertProblem(413);
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimitIsReadAndOneByteMoreIsRefused()
    {
        var tenant = await _api.CreateTenantAsync();
        const string json = """{"agentId":"at-the-limit"}""";
        var atLimit = json[..^1] + new string(' ', Limit - json.Length) + "}";

        var taken = await _api.SendAsync(HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, rawBody: atLimit);
        var refused = await _api.SendAsync(HttpMethod.Post, "/api/v1/agent-tokens", tenant.ApiKey, rawBody: atLimit + " ");

        Assert.Equal(Limit, Encoding.UTF8.GetByteCount(atLimit));
        taken.AssertStatus(HttpStatusCode.OK);
        refused.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65536", refused.Text("detail"), StringComparison.Ordinal);
    }
}
