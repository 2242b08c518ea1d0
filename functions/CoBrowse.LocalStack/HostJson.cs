using System.Text.Json.Nodes;

namespace CoBrowse.LocalStack;

/// <summary>Reads the settings the Functions host would take from the repository's host.json.</summary>
public static class HostJson
{
    public static string RoutePrefix(string repositoryRoot)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "host.json")));
        return json?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }
}
