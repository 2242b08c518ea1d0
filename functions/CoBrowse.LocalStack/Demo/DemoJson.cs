using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoBrowse.LocalStack.Demo;

/// <summary>JSON of the demo API: camelCase names and enums, nulls left out, unknown or repeated request properties rejected.</summary>
public static class DemoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}
