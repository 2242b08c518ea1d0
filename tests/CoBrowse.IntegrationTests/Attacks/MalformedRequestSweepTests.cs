using System.Net.Http.Headers;
using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// A sweep over what a careless or hostile client sends besides JSON values (those are <c>HostileBodyTests</c>):
/// bodies under every content type and charset, bodies with broken chunk framing or trickling in too slowly, and
/// query strings with repeated, oversized, NUL, invalid percent-encoded and non-UTF-8 parameters on every GET route.
/// Never a 5xx; every refusal is a problem.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class MalformedRequestSweepTests(LocalStackFixture stack)
{
    private readonly HttpClient _http = stack.CreateClient();
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task ABodyUnderAnyContentTypeIsReadAsJsonOrRefusedWithAProblemNeverA5xx()
    {
        var tenant = await _api.CreateTenantAsync();
        var bodies = new (string ContentType, byte[] Body)[]
        {
            ("text/plain", "{\"agentId\":\"a\"}"u8.ToArray()),
            ("application/x-www-form-urlencoded", "agentId=a&roles=agent"u8.ToArray()),
            ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"agentId\"\r\n\r\na\r\n--x--\r\n"u8.ToArray()),
            ("application/xml", "<agent><agentId>a</agentId></agent>"u8.ToArray()),
            ("application/json; charset=utf-16", Encoding.Unicode.GetBytes("{\"agentId\":\"a\"}")),
            ("application/json; charset=iso-8859-1", Encoding.Latin1.GetBytes("{\"agentId\":\"Jos\u00e9\"}")),
            ("application/json; charset=no-such-charset", "{\"agentId\":\"a\"}"u8.ToArray()),
            ("application/octet-stream", [0x00, 0x01, 0x02, 0xFF]),
            ("", "{\"agentId\":\"a\"}"u8.ToArray()),
            ("not a media type at all", "{\"agentId\":\"a\"}"u8.ToArray()),
        };
        var failures = new List<string>();

        foreach (var (contentType, body) in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agent-tokens") { Content = new ByteArrayContent(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await _http.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
            {
                failures.Add($"'{contentType}': {status} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task HostileQueryStringsOnEveryGetRouteAreAnsweredWithoutA5xx()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-1", "agent", "supervisor", "reporting");
        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-query-sweep");
        var routes = new[]
        {
            "/api/v1/sessions", $"/api/v1/sessions/{sessionId}", "/api/v1/interactions/call-query-sweep/timeline",
            "/api/v1/reports/metrics", "/api/v1/reports/sessions.csv", "/api/v1/contacts/c-1/cobrowse-sessions",
            "/api/v1/live/sessions", $"/api/v1/sites/{tenant.SiteKey}/config", "/api/v1/health", "/api/v1/openapi.json",
        };
        var queries = new[]
        {
            "state=active&state=all&state=active",
            "from=2026-01-01&from=2026-01-02&to=2026-01-03&to=x&groupBy=day&groupBy=agent&format=csv&format=json",
            "pageSize=99999999999999999999999&continuationToken=" + new string('A', 4000),
            "pageSize=-1&pageSize=0&continuationToken=%00%01",
            "interactionId=" + new string('i', 6000),
            "interactionId=%C3%28%FF&state=%FF%FE",
            "from=%zz&to=%&groupBy=%%",
            "a=1&" + string.Join('&', Enumerable.Range(0, 500).Select(i => $"p{i}={i}")),
            "=&&&=&state",
        };
        var failures = new List<string>();
        var sent = 0;

        foreach (var route in routes)
        {
            foreach (var query in queries)
            {
                sent++;
                var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request("GET", $"{route}?{query}", [("Authorization", $"Bearer {agent}"), ("Origin", tenant.Origin)]));
                if (response.Status >= 500 || (response.Status >= 400 && response.ContentType != "application/problem+json"))
                {
                    failures.Add($"GET {route}?{query[..Math.Min(query.Length, 60)]}: {response.Status} {response.ContentType} {response.BodyText[..Math.Min(response.BodyText.Length, 200)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} failed:\n" + string.Join('\n', failures));
        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABodyWithBrokenChunkFramingIsA400ProblemNotA500()
    {
        var tenant = await _api.CreateTenantAsync();

        var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request(
            "POST", "/api/v1/agent-tokens", [("Authorization", $"Bearer {tenant.ApiKey}"), ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], "ZZ\r\n{}\r\n0\r\n\r\n"u8.ToArray()));

        response.AssertProblem(400);
    }

    [Fact]
    public async Task ABodyThatTricklesInIsCutOffWithA408ProblemNotA500()
    {
        // Kestrel's minimum body data rate (240 bytes/s after a 5 s grace) ends a slow upload; the answer says so.
        var tenant = await _api.CreateTenantAsync();
        var head = RawHttp.Request("POST", "/api/v1/agent-tokens", [("Authorization", $"Bearer {tenant.ApiKey}"), ("Content-Type", "application/json"), ("Content-Length", "4000")], "{\"agentId\":"u8.ToArray());

        var response = await RawHttp.SendAsync(stack.BaseUrl, head, TimeSpan.FromSeconds(40));

        response.AssertProblem(408);
    }

    [Fact]
    public async Task HostileCredentialOriginAndForwardingHeadersAreAnsweredWithoutA5xx()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-header-sweep");
        var redeem = Encoding.UTF8.GetBytes($$"""{"siteKey":"{{tenant.SiteKey}}","key":"000000"}""");
        var headerSets = new (string What, (string, string)[] Headers)[]
        {
            ("empty bearer", [("Authorization", "Bearer ")]),
            ("basic credentials", [("Authorization", "Basic YWRtaW46YWRtaW4=")]),
            ("two Authorization headers", [("Authorization", $"Bearer {agent}"), ("Authorization", $"Bearer {tenant.ApiKey}")]),
            ("a 20 KB bearer", [("Authorization", "Bearer " + new string('e', 20_000))]),
            ("a JWT of 3 huge parts", [("Authorization", "Bearer " + string.Join('.', Enumerable.Repeat(new string('A', 6_000), 3)))]),
            ("a JWT whose parts are not base64", [("Authorization", "Bearer !!!.@@@.###")]),
            ("an API key with 50 dots", [("Authorization", "Bearer cbk" + string.Concat(Enumerable.Repeat(".x", 50)))]),
            ("non-ASCII bearer", [("Authorization", "Bearer éèê")]),
            ("origin null", [("Origin", "null")]),
            ("two origins", [("Origin", tenant.Origin), ("Origin", "https://evil.example.test")]),
            ("a 10 KB origin", [("Origin", "https://" + new string('o', 10_000) + ".example.test")]),
            ("an origin that is not a URL", [("Origin", "::::")]),
            ("forwarded-for garbage", [("Origin", tenant.Origin), ("X-Forwarded-For", "not-an-ip, 999.999.999.999, ::::, ")]),
            ("forwarded-for with 2,000 entries", [("Origin", tenant.Origin), ("X-Forwarded-For", string.Join(", ", Enumerable.Range(0, 2_000).Select(i => $"10.0.{i / 250}.{i % 250}")))]),
            ("forwarded-for repeated", [("Origin", tenant.Origin), ("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-For", "198.51.100.2")]),
        };
        var targets = new (string Method, string Path, byte[]? Body)[]
        {
            ("GET", $"/api/v1/sessions/{sessionId}", null),
            ("POST", $"/api/v1/sessions/{sessionId}/end", null),
            ("POST", "/api/v1/security-keys/redeem", redeem),
            ("GET", $"/api/v1/sites/{tenant.SiteKey}/config", null),
        };
        var failures = new List<string>();

        foreach (var (what, headers) in headerSets)
        {
            foreach (var (method, path, body) in targets)
            {
                var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request(method, path, [.. headers, ("Content-Type", "application/json")], body));
                if (response.Status >= 500 || (response.Status >= 400 && response.ContentType != "application/problem+json"))
                {
                    failures.Add($"{what}, {method} {path}: {response}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal("pending", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
    }
}
