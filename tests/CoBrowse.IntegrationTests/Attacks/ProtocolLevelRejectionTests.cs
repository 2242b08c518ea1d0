using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Requests the HTTP server itself refuses before any route runs (NUL in the path, a request line or headers over
/// its limits, bytes that are not UTF-8 in a header, conflicting lengths, an unknown HTTP version), ids over the
/// documented length and requests no route takes (unknown path, wrong method): each is answered with an RFC 7807
/// problem of the fitting status, not an empty answer. Sent over a raw socket, since HTTP client
/// libraries refuse to send most of them.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class ProtocolLevelRejectionTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    public static TheoryData<string, string, int> ServerLevelRejections => new()
    {
        { "NUL percent-encoded in the path", "GET /api/v1/sessions/ab%00cd HTTP/1.1\r\nHost: 127.0.0.1\r\n", 400 },
        { "NUL raw in the path", "GET /api/v1/sessions/ab\0cd HTTP/1.1\r\nHost: 127.0.0.1\r\n", 400 },
        { "a 10,000-character id", $"GET /api/v1/sessions/{new string('s', 10_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n", 414 },
        { "a 10,000-character query", $"GET /api/v1/sessions?interactionId={new string('i', 10_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n", 414 },
        { "a 40 KB header", $"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {new string('h', 40_000)}\r\n", 431 },
        { "200 headers", "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n")), 431 },
        { "two different Content-Lengths", "POST /api/v1/agent-tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n", 400 },
        { "no Host header", "GET /api/v1/health HTTP/1.1\r\n", 400 },
        { "an unknown HTTP version", "GET /api/v1/health HTTP/9.9\r\nHost: 127.0.0.1\r\n", 505 },
        { "a request line that is not HTTP", "HELLO\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(ServerLevelRejections))]
    public async Task ARequestTheServerRefusesBeforeRoutingIsAnsweredWithAProblem(string what, string head, int status)
    {
        var response = await RawHttp.SendAsync(stack.BaseUrl, Encoding.Latin1.GetBytes(head + "Connection: close\r\n\r\n"));

        Assert.True(response.Status == status, $"{what}: {response}");
        response.AssertProblem(status);
    }

    [Fact]
    public async Task HeaderBytesThatAreNotUtf8AreAnsweredWithA400Problem()
    {
        byte[] request = [.. "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Name: a"u8, 0xC3, 0x28, 0xFF, .. "b\r\nConnection: close\r\n\r\n"u8];

        var response = await RawHttp.SendAsync(stack.BaseUrl, request);

        response.AssertProblem(400);
    }

    [Fact]
    public async Task ARefusedRequestAfterAGoodOneOnTheSameConnectionLeavesTheGoodAnswerAlone()
    {
        byte[] pipelined =
        [
            .. RawHttp.Request("GET", "/api/v1/openapi.json", close: false),
            .. Encoding.ASCII.GetBytes("GET /api/v1/sessions/x%00y HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        ];

        var answers = await RawHttp.ExchangeAsync(stack.BaseUrl, pipelined);

        Assert.Equal(2, answers.Count);
        Assert.Equal(200, answers[0].Status);
        Assert.Equal("application/json", answers[0].ContentType);
        Assert.Equal("3.1.0", answers[0].Json()!["openapi"]!.GetValue<string>());
        answers[1].AssertProblem(400);
    }

    [Fact]
    public async Task ABodilessAnswerTheApplicationWroteOutsideTheApiIsLeftAsItWas()
    {
        // Only the server's own refusals are rewritten: a page that does not exist is the static files' 404, as written.
        var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request("GET", "/no-such-page"));

        Assert.Equal(404, response.Status);
        Assert.Empty(response.Body);
        Assert.Null(response.ContentType);
    }

    [Fact]
    public async Task AnIdLongerThanTheDocumentedMaximumIsA400ProblemAtEveryRouteThatTakesOne()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-1", "agent", "supervisor", "reporting");
        var id = new string('x', 129);
        var routes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, $"/api/v1/sessions/{id}"),
            (HttpMethod.Post, $"/api/v1/sessions/{id}/end"),
            (HttpMethod.Post, $"/api/v1/sessions/{id}/control-requests"),
            (HttpMethod.Post, $"/api/v1/sessions/{id}/control-requests/approve"),
            (HttpMethod.Post, $"/api/v1/sessions/{id}/control/revoke"),
            (HttpMethod.Post, $"/api/v1/sessions/{id}/activity"),
            (HttpMethod.Post, $"/api/v1/sessions/{id}/realtime/negotiate"),
            (HttpMethod.Post, $"/api/v1/interactions/{id}/security-keys"),
            (HttpMethod.Get, $"/api/v1/interactions/{id}/timeline"),
            (HttpMethod.Get, $"/api/v1/contacts/{id}/cobrowse-sessions"),
            (HttpMethod.Post, $"/api/v1/live/sessions/{id}/negotiate"),
            (HttpMethod.Get, $"/api/v1/admin/tenants/{id}"),
            (HttpMethod.Delete, $"/api/v1/admin/tenants/{tenant.TenantId}/api-keys/{id}"),
            (HttpMethod.Post, $"/api/v1/offers/{id}/accept"),
            (HttpMethod.Get, $"/api/v1/sites/{id}/config"),
        };
        var failures = new List<string>();

        foreach (var (method, path) in routes)
        {
            var response = await _api.SendAsync(method, path, agent, headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey, ["Origin"] = tenant.Origin });
            var detail = response.Body?["detail"]?.GetValue<string>() ?? string.Empty;
            if (response.Status != HttpStatusCode.BadRequest || response.ContentType != "application/problem+json" || !detail.Contains("128", StringComparison.Ordinal))
            {
                failures.Add($"{method} {path[..40]}…: {(int)response.Status} {detail}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Length} routes did not refuse a 129-character id with a 400 naming the limit:\n" + string.Join('\n', failures));
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", 404)]
    [InlineData("PUT", "/api/v1/agent-tokens", 405)]
    [InlineData("DELETE", "/api/v1/health", 405)]
    public async Task ARequestNoRouteTakesIsAnsweredWithAProblem(string method, string path, int status)
    {
        var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request(method, path));

        response.AssertProblem(status);
    }

    [Fact]
    public async Task TheUpstreamHandlerWithoutAFunctionKeyIsA401Problem()
    {
        var response = await RawHttp.SendAsync(stack.BaseUrl, RawHttp.Request("POST", "/api/v1/realtime/upstream", body: "{}"u8.ToArray()));

        response.AssertProblem(401);
    }
}
