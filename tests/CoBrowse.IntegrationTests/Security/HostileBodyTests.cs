using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Malformed and oversized JSON at every POST and PATCH function (found by reflection): deep nesting, huge strings,
/// wrong types, duplicate keys, invalid UTF-8, lone surrogates, bodies over the limit. Functions that read a body
/// refuse what is not a valid body with a 400/413 problem; nothing ever answers 5xx, and the stack stays healthy.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class HostileBodyTests(LocalStackFixture stack)
{
    private const int BodyLimit = 64 * 1024;

    /// <summary>Functions that parse a JSON body. Every other POST/PATCH function must be listed in <see cref="IgnoreBodies"/>.</summary>
    private static readonly HashSet<string> ReadBodies =
    [
        "AgentTokens_Mint", "SecurityKeys_Issue", "SecurityKeys_Redeem", "Offers_Create", "Offers_Accept", "Offers_Decline",
        "Interactions_Event", "Admin_CreateTenant", "Admin_UpdateTenant", "Admin_RotateSiteKey", "Realtime_Upstream",
        "Sessions_ReportHeldBackResources",
    ];

    private static readonly HashSet<string> IgnoreBodies =
    [
        "Admin_CreateApiKey", "Admin_RunRetention", "Sessions_RequestControl", "Sessions_ApproveControl", "Sessions_DenyControl",
        "Sessions_RevokeControl", "Sessions_End", "Sessions_Activity", "Realtime_Negotiate", "Live_Negotiate", "Live_Watch",
        "Live_SnapshotRequest",
    ];

    /// <summary>Bodies that are not a JSON object of the expected shape at all: a body-reading function must say 400/413.</summary>
    private static readonly (string Name, byte[] Bytes)[] Malformed =
    [
        ("deep nesting (30,000 arrays)", Encoding.ASCII.GetBytes(new string('[', 30_000) + new string(']', 30_000))),
        ("deep nesting (objects)", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000))),
        ("over the body limit", Encoding.ASCII.GetBytes("{\"agentId\":\"" + new string('a', BodyLimit) + "\"}")),
        ("far over the body limit (2 MB)", Encoding.ASCII.GetBytes("{\"agentId\":\"" + new string('a', 2 * 1024 * 1024) + "\"}")),
        ("an array", Encoding.ASCII.GetBytes("[]")),
        ("a string", Encoding.ASCII.GetBytes("\"text\"")),
        ("null", Encoding.ASCII.GetBytes("null")),
        ("a number", Encoding.ASCII.GetBytes("1e309")),
        ("truncated", Encoding.ASCII.GetBytes("{\"agentId\":\"a")),
        ("invalid UTF-8", [.. Encoding.ASCII.GetBytes("{\"agentId\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.ASCII.GetBytes("\"}")]),
        ("a UTF-16 body", Encoding.Unicode.GetBytes("{\"agentId\":\"a\"}")),
        ("trailing garbage", Encoding.ASCII.GetBytes("{} {}")),
        ("comments", Encoding.ASCII.GetBytes("{/* hi */}")),
    ];

    /// <summary>Valid JSON with hostile values: may be refused (4xx problem) or taken, never a 5xx.</summary>
    private static readonly (string Name, string Json)[] HostileValues =
    [
        ("wrong types everywhere", "{\"agentId\":123,\"roles\":\"agent\",\"channel\":[],\"key\":{},\"siteKey\":false,\"type\":1,\"tenantId\":null,\"graceSeconds\":\"x\",\"allowedOrigins\":\"*\"}"),
        ("huge strings", "{\"agentId\":\"" + new string('x', 60_000) + "\"}"),
        ("duplicate keys", "{\"agentId\":\"first\",\"agentId\":\"second\",\"channel\":\"webChat\",\"channel\":\"voice\"}"),
        ("lone surrogate", "{\"agentId\":\"\\ud800\",\"externalContactId\":\"\\udfff\"}"),
        ("NUL and controls", "{\"agentId\":\"a\\u0000b\\u0001\",\"externalContactId\":\"\\u202e\"}"),
        ("huge numbers", "{\"graceSeconds\":1e308,\"retentionDays\":-99999999999999999999}"),
        ("prototype keys", "{\"__proto__\":{\"admin\":true},\"constructor\":{}}"),
    ];

    private readonly CoBrowseApi _api = new(stack.CreateClient());
    private readonly HttpClient _http = stack.CreateClient();

    [Fact]
    public void EveryPostOrPatchFunctionIsClassifiedAsReadingABodyOrNot()
    {
        var writers = WritingFunctions();

        Assert.Empty(writers.Except(ReadBodies).Except(IgnoreBodies));
        Assert.Empty(ReadBodies.Concat(IgnoreBodies).Except(writers));
    }

    [Fact]
    public async Task NoBodyMakesAnyFunctionFailAndBodyReadersRefuseMalformedOnesWith400()
    {
        var targets = await TargetsAsync();
        var failures = new List<string>();
        var sent = 0;

        foreach (var (function, target) in targets)
        {
            foreach (var (name, bytes) in Malformed)
            {
                sent++;
                var (status, contentType) = await SendAsync(target, bytes);
                var refused = status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge;
                var expected = ReadBodies.Contains(function) && function != "Realtime_Upstream" ? refused : (int)status < 500;
                if (!expected || ((int)status >= 400 && target.Problems && contentType != "application/problem+json"))
                {
                    failures.Add($"{function} with {name}: {(int)status} {contentType}");
                }
            }

            foreach (var (name, json) in HostileValues)
            {
                sent++;
                var (status, contentType) = await SendAsync(target, Encoding.UTF8.GetBytes(json));
                if ((int)status >= 500 || ((int)status >= 400 && target.Problems && contentType != "application/problem+json"))
                {
                    failures.Add($"{function} with {name}: {(int)status} {contentType}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} failed:\n" + string.Join('\n', failures));
        (await _api.GetAsync("/api/v1/health")).AssertStatus(HttpStatusCode.OK);
    }

    private sealed record Target(HttpMethod Method, string Path, Dictionary<string, string> Headers, bool Problems = true);

    private async Task<(HttpStatusCode Status, string? ContentType)> SendAsync(Target target, byte[] body)
    {
        using var request = new HttpRequestMessage(target.Method, target.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in target.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"192.0.2.{Random.Shared.Next(1, 250)}");
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Each function with credentials that get past authentication, so the body is really read.</summary>
    private async Task<Dictionary<string, Target>> TargetsAsync()
    {
        var tenant = await _api.CreateTenantAsync();
        var admin = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-1", "agent", "supervisor");
        var offer = (await _api.PostAsync("/api/v1/interactions/hostile-offer/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created).Text("offerId");
        Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = $"Bearer {token}" };
        var page = new Dictionary<string, string> { ["Origin"] = tenant.Origin };
        var adminKey = new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };
        const string missing = "sNoSuchSession0000";

        return new Dictionary<string, Target>(StringComparer.Ordinal)
        {
            ["AgentTokens_Mint"] = new(HttpMethod.Post, "/api/v1/agent-tokens", Bearer(tenant.ApiKey)),
            ["SecurityKeys_Issue"] = new(HttpMethod.Post, "/api/v1/interactions/hostile-key/security-keys", Bearer(agent)),
            ["SecurityKeys_Redeem"] = new(HttpMethod.Post, "/api/v1/security-keys/redeem", page),
            ["Offers_Create"] = new(HttpMethod.Post, "/api/v1/interactions/hostile-offer/offers", Bearer(agent)),
            ["Offers_Accept"] = new(HttpMethod.Post, $"/api/v1/offers/{offer}/accept", page),
            ["Offers_Decline"] = new(HttpMethod.Post, $"/api/v1/offers/{offer}/decline", page),
            ["Interactions_Event"] = new(HttpMethod.Post, "/api/v1/interactions/hostile-none/events", Bearer(tenant.ApiKey)),
            ["Admin_CreateTenant"] = new(HttpMethod.Post, "/api/v1/admin/tenants", adminKey),
            ["Admin_UpdateTenant"] = new(HttpMethod.Patch, $"/api/v1/admin/tenants/{admin.TenantId}", adminKey),
            ["Admin_RotateSiteKey"] = new(HttpMethod.Post, $"/api/v1/admin/tenants/{admin.TenantId}/site-key/rotate", adminKey),
            ["Admin_CreateApiKey"] = new(HttpMethod.Post, "/api/v1/admin/tenants/no-such-tenant/api-keys", adminKey),
            // Without the admin key: it reads no body, and a real run would purge every tenant of the shared stack.
            ["Admin_RunRetention"] = new(HttpMethod.Post, "/api/v1/admin/retention/run", []),
            // With the function key but no Web PubSub signature: refused before (or while) reading the body, never a 5xx.
            ["Realtime_Upstream"] = new(HttpMethod.Post, "/api/v1/realtime/upstream", new() { ["x-functions-key"] = LocalStackFixture.FunctionKey, ["ce-type"] = "azure.webpubsub.sys.connect" }, Problems: false),
            ["Sessions_RequestControl"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/control-requests", Bearer(agent)),
            ["Sessions_ApproveControl"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/control-requests/approve", Bearer(agent)),
            ["Sessions_DenyControl"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/control-requests/deny", Bearer(agent)),
            ["Sessions_RevokeControl"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/control/revoke", Bearer(agent)),
            ["Sessions_End"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/end", Bearer(agent)),
            ["Sessions_Activity"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/activity", Bearer(agent)),
            ["Realtime_Negotiate"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/realtime/negotiate", Bearer(agent)),
            ["Sessions_ReportHeldBackResources"] = new(HttpMethod.Post, $"/api/v1/sessions/{missing}/held-back-resources", Bearer(agent)),
            ["Live_Negotiate"] = new(HttpMethod.Post, "/api/v1/live/negotiate", Bearer(agent)),
            ["Live_Watch"] = new(HttpMethod.Post, $"/api/v1/live/sessions/{missing}/negotiate", Bearer(agent)),
            ["Live_SnapshotRequest"] = new(HttpMethod.Post, $"/api/v1/live/sessions/{missing}/snapshot-requests", Bearer(agent)),
        };
    }

    private static List<string> WritingFunctions()
    {
        const BindingFlags everyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<string>();
        foreach (var method in Assembly.Load("CoBrowse.Functions").GetTypes().SelectMany(t => t.GetMethods(everyMethod)))
        {
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null);
            if (trigger is not null && method.GetCustomAttribute<FunctionAttribute>() is { } function
                && (trigger.Methods ?? []).Any(m => m.Equals("post", StringComparison.OrdinalIgnoreCase) || m.Equals("patch", StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(function.Name);
            }
        }

        return found;
    }
}
