using System.Reflection;
using CoBrowse.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoBrowse.LocalStack.Functions;

/// <summary>One <c>[Function]</c> method with an <c>[HttpTrigger]</c>, as the Functions host would expose it.</summary>
public sealed record HttpFunction(string Name, MethodInfo Method, HttpTriggerAttribute Trigger)
{
    /// <summary>Every HTTP function of the app, found by reflection over the Functions assembly.</summary>
    public static IReadOnlyList<HttpFunction> DiscoverAll() =>
        typeof(Api).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.function is not null)
            .Select(x => (x.method, x.function, trigger: x.method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.trigger is not null)
            .Select(x => new HttpFunction(x.function!.Name, x.method, x.trigger!))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The route the host serves, with its route prefix from host.json.</summary>
    public string RoutePattern(string routePrefix) =>
        $"/{routePrefix.Trim('/')}/{(Trigger.Route ?? Name).TrimStart('/')}";

    public IReadOnlyList<string> HttpMethods =>
        (Trigger.Methods is { Length: > 0 } methods ? methods : ["get", "post", "put", "delete", "patch", "head", "options"])
            .Select(m => m.ToUpperInvariant()).ToList();
}
