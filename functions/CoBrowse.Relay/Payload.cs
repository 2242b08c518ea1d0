using System.Text;
using System.Text.Json;

namespace CoBrowse.Relay;

/// <summary>Message data as clients see it: a <c>dataType</c> (text, json, binary) and the JSON text of <c>data</c>.</summary>
public sealed record Payload(string DataType, string DataJson)
{
    public int Size => DataJson.Length;

    /// <summary>The <c>dataType</c>/<c>data</c> of a client frame, validated like the service: json by default, text must be
    /// a string, binary a base64 string, json not null. Null when invalid.</summary>
    public static Payload? FromFrame(JsonElement frame)
    {
        var dataType = frame.TryGetProperty("dataType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.ToLowerInvariant() : "json";
        if (!frame.TryGetProperty("data", out var data))
        {
            return null;
        }

        var valid = dataType switch
        {
            "text" => data.ValueKind == JsonValueKind.String,
            "binary" => data.ValueKind == JsonValueKind.String && IsBase64(data.GetString()!),
            "json" => data.ValueKind != JsonValueKind.Null,
            _ => false,
        };
        return valid ? new Payload(dataType, data.GetRawText()) : null;
    }

    /// <summary>A REST message body by its media type (charset ignored); null for unsupported types or invalid JSON.</summary>
    public static Payload? FromBody(string? contentType, byte[] body)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "text/plain":
                return new Payload("text", JsonSerializer.Serialize(Encoding.UTF8.GetString(body)));
            case "application/octet-stream":
                return new Payload("binary", JsonSerializer.Serialize(Convert.ToBase64String(body)));
            case "application/json":
                try
                {
                    using var document = JsonDocument.Parse(body);
                    return new Payload("json", document.RootElement.GetRawText());
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    /// <summary>The body and content type of an upstream user event carrying this payload.</summary>
    public (byte[] Body, string ContentType) ToHttpBody()
    {
        using var document = JsonDocument.Parse(DataJson);
        return DataType switch
        {
            "text" => (Encoding.UTF8.GetBytes(document.RootElement.GetString()!), "text/plain; charset=utf-8"),
            "binary" => (Convert.FromBase64String(document.RootElement.GetString()!), "application/octet-stream"),
            _ => (Encoding.UTF8.GetBytes(DataJson), "application/json; charset=utf-8"),
        };
    }

    private static bool IsBase64(string s) => Convert.TryFromBase64String(s, new byte[s.Length], out _);
}
