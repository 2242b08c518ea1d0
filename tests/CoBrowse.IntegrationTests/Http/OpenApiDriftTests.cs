using System.Text.Json;
using System.Text.RegularExpressions;
using CoBrowse.Functions.Http;
using CoBrowse.LocalStack;
using CoBrowse.LocalStack.Functions;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>
/// The OpenAPI document (functions/CoBrowse.Functions/openapi.json, embedded and served) and the HTTP functions
/// describe the same API: every function route and method is documented with the same path parameters, and every
/// documented operation is a function. The functions are found with the local stack's discovery, which
/// <see cref="RouteCoverageTests"/> checks against an independent reflection.
/// </summary>
public sealed partial class OpenApiDriftTests
{
    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonNode _document = JsonNode.Parse(OpenApiFunctions.ReadDocument())!;

    [Fact]
    public void TheDocumentIsOpenApi31WithAnApiBasePath()
    {
        Assert.StartsWith("3.1.", _document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"/{HostJson.RoutePrefix(RepositoryRoot.Find())}/v1", BasePath());
    }

    [Fact]
    public void EveryFunctionRouteAndMethodIsDocumentedAndEveryDocumentedOperationIsAFunction()
    {
        var functions = FunctionOperations();
        var documented = DocumentedOperations();

        var undocumented = functions.Keys.Except(documented.Keys).Select(k => $"{k} ({functions[k].Name})").Order(StringComparer.Ordinal).ToList();
        var withoutFunction = documented.Keys.Except(functions.Keys).Order(StringComparer.Ordinal).ToList();

        Assert.True(undocumented.Count == 0, "Functions missing from openapi.json:\n" + string.Join('\n', undocumented));
        Assert.True(withoutFunction.Count == 0, "Operations in openapi.json that no function serves:\n" + string.Join('\n', withoutFunction));
        Assert.True(functions.Count >= 30, $"Only {functions.Count} route+method pairs were found; the discovery looks broken.");
    }

    [Fact]
    public void EveryOperationDeclaresExactlyThePathParametersOfItsRoute()
    {
        var mismatches = new List<string>();
        foreach (var (key, operation) in DocumentedOperations())
        {
            var inTemplate = TemplateParameters(key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
            var declared = PathParameters(operation.PathItem).Concat(PathParameters(operation.Operation)).Distinct().Order(StringComparer.Ordinal).ToList();
            if (!inTemplate.SequenceEqual(declared))
            {
                mismatches.Add($"{key}: route has [{string.Join(", ", inTemplate)}], document declares [{string.Join(", ", declared)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public void EachOperationIsNamedAfterItsFunctionAndKeyedFunctionsRequireTheFunctionKey()
    {
        var functions = FunctionOperations();
        var problems = new List<string>();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, documented) in DocumentedOperations().Where(d => functions.ContainsKey(d.Key)))
        {
            var function = functions[key];
            var operationId = documented.Operation["operationId"]?.GetValue<string>() ?? string.Empty;
            if (operationId != function.Name && !operationId.StartsWith(function.Name + "_", StringComparison.Ordinal))
            {
                problems.Add($"{key}: operationId '{operationId}' does not name function '{function.Name}'");
            }

            if (!operationIds.Add(operationId))
            {
                problems.Add($"{key}: operationId '{operationId}' is used twice");
            }

            var schemes = SecuritySchemes(documented.Operation);
            var needsKey = function.Trigger.AuthLevel != AuthorizationLevel.Anonymous;
            if (needsKey != (schemes.Count > 0 && schemes.All(s => s.Contains("functionKey"))))
            {
                problems.Add($"{key}: security [{string.Join(" | ", schemes.Select(s => string.Join('+', s)))}] but the function {(needsKey ? "needs" : "does not need")} a function key");
            }

            if (documented.Operation["responses"] is not JsonObject { Count: > 0 })
            {
                problems.Add($"{key}: no responses");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryReferenceAndSecuritySchemeResolves()
    {
        var schemes = _document["components"]!["securitySchemes"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(schemes, new HashSet<string>(["apiKey", "agentToken", "customerToken", "adminKey", "functionKey"], StringComparer.Ordinal));
        var broken = new List<string>();

        foreach (var reference in References(_document))
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal) || Resolve(reference) is null)
            {
                broken.Add($"$ref {reference}");
            }
        }

        foreach (var (key, documented) in DocumentedOperations())
        {
            broken.AddRange(SecuritySchemes(documented.Operation).SelectMany(s => s).Where(s => !schemes.Contains(s)).Select(s => $"{key}: security scheme '{s}'"));
        }

        Assert.True(broken.Count == 0, "Unresolved:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void ProblemResponsesAreRfc7807()
    {
        var problem = _document["components"]!["schemas"]!["Problem"]!;
        Assert.Equal(["type", "title", "status", "detail", "instance"], problem["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        var notProblemJson = _document["components"]!["responses"]!.AsObject()
            .Where(r => r.Value!["content"] is JsonObject content && content.ContainsKey("application/json") is false && !content.ContainsKey("application/problem+json"))
            .Select(r => r.Key).ToList();
        Assert.Empty(notProblemJson);
    }

    /// <summary>"METHOD /api/v1/path/{param}" → the function that serves it.</summary>
    private static Dictionary<string, HttpFunction> FunctionOperations()
    {
        var prefix = HostJson.RoutePrefix(RepositoryRoot.Find());
        var operations = new Dictionary<string, HttpFunction>(StringComparer.Ordinal);
        foreach (var function in HttpFunction.DiscoverAll())
        {
            foreach (var method in function.HttpMethods)
            {
                Assert.True(operations.TryAdd(Key(method, function.RoutePattern(prefix)), function), $"Two functions serve {method} {function.RoutePattern(prefix)}.");
            }
        }

        return operations;
    }

    private Dictionary<string, (JsonNode PathItem, JsonNode Operation)> DocumentedOperations()
    {
        var basePath = BasePath();
        var operations = new Dictionary<string, (JsonNode, JsonNode)>(StringComparer.Ordinal);
        foreach (var (path, item) in _document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => OperationKeys.Contains(p.Key)))
            {
                operations.Add(Key(method, basePath + path), (item, operation!));
            }
        }

        return operations;
    }

    private string BasePath() => _document["servers"]![0]!["url"]!.GetValue<string>().TrimEnd('/');

    /// <summary>Compares routes by their text with parameters reduced to their names (constraints, defaults and catch-all marks dropped).</summary>
    private static string Key(string method, string route) =>
        $"{method.ToUpperInvariant()} {RouteParameter().Replace(route, m => "{" + ParameterName(m.Groups[1].Value) + "}")}";

    private static IEnumerable<string> TemplateParameters(string route) =>
        RouteParameter().Matches(route).Select(m => ParameterName(m.Groups[1].Value));

    private static string ParameterName(string token) => token.TrimStart('*').Split(':', '=')[0].TrimEnd('?');

    private static IEnumerable<string> PathParameters(JsonNode node) =>
        (node["parameters"]?.AsArray() ?? []).Where(p => p!["in"]?.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>());

    /// <summary>The operation's security alternatives (each a set of scheme names); an empty alternative means anonymous.</summary>
    private List<HashSet<string>> SecuritySchemes(JsonNode operation) =>
        ((operation["security"] ?? _document["security"])?.AsArray() ?? [])
            .Select(requirement => requirement!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal)).ToList();

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private JsonNode? Resolve(string reference)
    {
        JsonNode? node = _document;
        foreach (var segment in reference[2..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node;
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteParameter();
}
