using System.Reflection;
using System.Text.RegularExpressions;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Origins: every session-starting customer call from an origin that is not exactly one of the tenant's (null,
/// lookalikes, other scheme or port, userinfo tricks, two origins at once) is a 403 problem that spends nothing; no
/// route that is not a customer route (found by reflection: no OPTIONS trigger) ever answers with CORS headers, and
/// no route allows credentials.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed partial class OriginMatrixTests(LocalStackFixture stack)
{
    private const string Evil = "https://evil.test";
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    public static readonly string[] HostileOrigins =
    [
        "null",
        "https://shop.example.test.evil.test",
        "https://evilshop.example.test",
        "https://shop.example.test.",
        "http://shop.example.test",
        "https://shop.example.test:8443",
        "https://shop.example.test@evil.test",
        "https://evil.test/https://shop.example.test",
        "https://evil.test#https://shop.example.test",
        "https://shop.example.test, https://evil.test",
        "https://evil.test, https://shop.example.test",
        "https://shop%2eexample.test",
        "file://",
        "",
    ];

    [Fact]
    public async Task SessionStartingCallsFromAnyOriginButTheTenantsAreRefusedAndSpendNothing()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, keySession) = await _api.IssueKeyAsync(agent, "call-origins");
        var offer = (await _api.PostAsync("/api/v1/interactions/chat-origins/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);
        var failures = new List<string>();
        var address = 0;

        foreach (var origin in HostileOrigins)
        {
            var headers = new Dictionary<string, string> { ["Origin"] = origin, ["Sec-Fetch-Site"] = "cross-site" };
            var answers = new Dictionary<string, ApiResponse>
            {
                ["site config"] = await _api.SendAsync(HttpMethod.Get, $"/api/v1/sites/{tenant.SiteKey}/config", headers: headers),
                ["redeem"] = await _api.RedeemAsync(tenant, key, clientAddress: $"198.18.0.{++address}", origin: origin),
                ["accept"] = await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: true, origin: origin),
                ["decline"] = await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: false, origin: origin),
            };
            failures.AddRange(answers
                .Where(a => a.Value.Status != HttpStatusCode.Forbidden || a.Value.ContentType != "application/problem+json")
                .Select(a => $"{a.Key} from '{origin}': {(int)a.Value.Status} {a.Value.Body?.ToJsonString()}"));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal("pending", (await _api.SessionAsync(agent, keySession))["state"]!.GetValue<string>());
        Assert.Equal("pending", (await _api.SessionAsync(agent, offer.Text("sessionId")))["state"]!.GetValue<string>());
        // From the tenant's own origin the same key still works: only the origin made the difference.
        (await _api.RedeemAsync(tenant, key, clientAddress: "198.18.1.1")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RoutesThatAreNotCustomerRoutesNeverAnswerWithCorsHeadersAndNoRouteAllowsCredentials()
    {
        var tenant = await _api.CreateTenantAsync();
        var failures = new List<string>();
        var checkedRoutes = 0;

        foreach (var (name, route, methods) in HttpFunctions())
        {
            var path = "/api/" + RouteParameter().Replace(route, "x1");
            var customerRoute = methods.Contains("OPTIONS");
            foreach (var method in methods.Where(m => m != "OPTIONS"))
            {
                checkedRoutes++;
                var headers = new Dictionary<string, string> { ["Origin"] = Evil };
                var answer = await _api.SendAsync(new HttpMethod(method), path, tenant.ApiKey, headers: headers);
                if (!customerRoute && answer.Headers.Contains("Access-Control-Allow-Origin"))
                {
                    failures.Add($"{name} {method} {path}: Access-Control-Allow-Origin on a non-customer route");
                }

                if (answer.Headers.Contains("Access-Control-Allow-Credentials"))
                {
                    failures.Add($"{name} {method} {path}: Access-Control-Allow-Credentials");
                }

                var preflight = await _api.SendAsync(HttpMethod.Options, path, headers: new Dictionary<string, string>
                {
                    ["Origin"] = Evil,
                    ["Access-Control-Request-Method"] = method,
                    ["Access-Control-Request-Headers"] = "authorization, content-type",
                });
                if (!customerRoute && (preflight.Headers.Contains("Access-Control-Allow-Origin") || preflight.Headers.Contains("Access-Control-Allow-Methods")))
                {
                    failures.Add($"{name} OPTIONS {path}: a preflight for a non-customer route was allowed ({(int)preflight.Status})");
                }

                if (preflight.Headers.Contains("Access-Control-Allow-Credentials"))
                {
                    failures.Add($"{name} OPTIONS {path}: Access-Control-Allow-Credentials");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(checkedRoutes >= 30, $"only {checkedRoutes} routes checked");
    }

    private static List<(string Name, string Route, string[] Methods)> HttpFunctions()
    {
        const BindingFlags everyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<(string, string, string[])>();
        foreach (var method in Assembly.Load("CoBrowse.Functions").GetTypes().SelectMany(t => t.GetMethods(everyMethod)))
        {
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null);
            if (trigger is not null && method.GetCustomAttribute<FunctionAttribute>() is { } function && trigger.AuthLevel == AuthorizationLevel.Anonymous)
            {
                found.Add((function.Name, trigger.Route ?? function.Name, (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray()));
            }
        }

        return found;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
