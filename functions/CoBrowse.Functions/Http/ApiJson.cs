using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoBrowse.Functions.Http;

/// <summary>The API's JSON: camelCase names, enums as camelCase strings, nulls left out.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
