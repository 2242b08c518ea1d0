using System.Reflection;
using System.Text.RegularExpressions;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack.Functions;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>
/// Every HTTP function the app declares is served by the local stack. The list of functions is found twice, by the
/// local stack's own discovery and by an independent reflection here, so a gap in the discovery cannot hide itself.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed partial class RouteCoverageTests(LocalStackFixture stack)
{
    private const string RoutePrefix = "/api/";
    private const int MinimumFunctionCount = 18;

    private static readonly HttpStatusCode[] StatusesAFunctionGivesAnonymousCallers =
    [
        HttpStatusCode.OK,
        HttpStatusCode.NoContent, // a CORS preflight of a customer route
        HttpStatusCode.BadRequest,
        HttpStatusCode.Unauthorized,
        HttpStatusCode.Forbidden,
        HttpStatusCode.NotFound,
        HttpStatusCode.ServiceUnavailable,
    ];

    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public void TheLocalStackDiscoversExactlyTheHttpFunctionsTheFunctionsAssemblyDeclares()
    {
        var declared = DeclaredHttpFunctions().Select(f => f.ToString()).ToList();

        var discovered = HttpFunction.DiscoverAll()
            .Select(f => new DeclaredFunction(f.Name, f.Trigger.Route ?? f.Name, Normalize(f.Trigger.Methods), f.Trigger.AuthLevel != AuthorizationLevel.Anonymous).ToString())
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(declared, discovered);
        Assert.True(declared.Count >= MinimumFunctionCount, $"Expected at least {MinimumFunctionCount} HTTP functions, found {declared.Count}:\n{string.Join('\n', declared)}");
    }

    [Fact]
    public async Task EveryHttpFunctionRouteAndMethodIsServedByTheLocalStack()
    {
        var functions = DeclaredHttpFunctions();
        var misses = new List<string>();

        foreach (var function in functions)
        {
            var path = RoutePrefix + RouteParameter().Replace(function.Route.TrimStart('/'), "dummy-1");
            // A function that names no methods accepts them all, as the Functions host does.
            foreach (var method in function.Methods is { Length: > 0 } named ? named : ["GET", "POST", "PUT", "DELETE", "PATCH"])
            {
                if (function.NeedsFunctionKey)
                {
                    // Like the Functions host: without the key the call never reaches the function.
                    var keyless = await _api.SendAsync(new HttpMethod(method), path);
                    if (keyless.Status != HttpStatusCode.Unauthorized || CameFromAFunction(keyless))
                    {
                        misses.Add($"{function.Name}: {method} {path} without a function key -> {(int)keyless.Status}");
                    }
                }

                var keys = function.NeedsFunctionKey ? new Dictionary<string, string> { ["x-functions-key"] = LocalStackFixture.FunctionKey } : null;
                var response = await _api.SendAsync(new HttpMethod(method), path, headers: keys);
                if (!CameFromAFunction(response))
                {
                    misses.Add($"{function.Name}: {method} {path} -> {(int)response.Status} '{response.ContentType}' {response.Body?.ToJsonString()}");
                }
            }
        }

        Assert.True(functions.Count >= MinimumFunctionCount, $"Only {functions.Count} HTTP functions were found.");
        Assert.True(misses.Count == 0, "Not served by a function:\n" + string.Join('\n', misses));
    }

    [Fact]
    public async Task AnUnknownPathUnderTheApiIsARoutingMissWithAProblemOfNoFunction()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/v1/no-such-endpoint");

        response.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("about:blank", response.Text("type"));
        Assert.False(CameFromAFunction(response));
    }

    /// <summary>
    /// A function always marks its answer no-store (API functions also send a JSON body, whose problems have a
    /// cobrowse.dev type); a routing miss or the host's key check sends no body, or on the local stack a problem of
    /// type about:blank.
    /// </summary>
    private static bool CameFromAFunction(ApiResponse response) =>
        StatusesAFunctionGivesAnonymousCallers.Contains(response.Status)
        && response.Headers.CacheControl?.NoStore == true
        && (response.ContentType is "application/json" or "application/problem+json" && response.Body is not null
            || response.ContentType is null or "text/plain")
        && !(response.Body is JsonObject body && body["type"]?.GetValue<string>() == "about:blank");

    /// <summary>Independent of the local stack: every method of the Functions assembly with [Function] and an [HttpTrigger] parameter.</summary>
    private static List<DeclaredFunction> DeclaredHttpFunctions()
    {
        const BindingFlags everyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var assembly = Assembly.Load("CoBrowse.Functions");
        var found = new List<DeclaredFunction>();
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(everyMethod)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null);
            if (function is not null && trigger is not null)
            {
                found.Add(new DeclaredFunction(function.Name, trigger.Route ?? function.Name, Normalize(trigger.Methods), trigger.AuthLevel != AuthorizationLevel.Anonymous));
            }
        }

        return found.OrderBy(f => f.ToString(), StringComparer.Ordinal).ToList();
    }

    private static string[] Normalize(string[]? methods) =>
        (methods ?? []).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private sealed record DeclaredFunction(string Name, string Route, string[] Methods, bool NeedsFunctionKey)
    {
        public override string ToString() => $"{Name} {string.Join(',', Methods)} {Route}{(NeedsFunctionKey ? " (function key)" : string.Empty)}";
    }
}
