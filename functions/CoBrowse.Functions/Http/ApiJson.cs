using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoBrowse.Functions.Http;

/// <summary>
/// The API's JSON: camelCase names, enums as camelCase strings, nulls left out; in request bodies unknown properties
/// and properties named twice (names match case-insensitively) are refused, like every JSON input (StrictJson).
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };
}
