using System.Text.Json;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>Lists and small records go into a single string column as JSON.</summary>
internal static class JsonColumn
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value);

    public static T Read<T>(string? json, T fallback) =>
        string.IsNullOrEmpty(json) ? fallback : JsonSerializer.Deserialize<T>(json) ?? fallback;
}
