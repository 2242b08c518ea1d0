using System.Text.Json;
using CoBrowse.Infrastructure.Serialization;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// Turns a CloudEvents (binary mode) upstream request's ce-* headers and body into a typed event. Every JSON body
/// (connect, connected, disconnected, JSON user events) is read strictly (<see cref="StrictJson"/>): a body that is
/// not JSON or names a property twice makes the event malformed, so no handler acts on an ambiguous event.
/// </summary>
public static class UpstreamEventParser
{
    private const string TypePrefix = "azure.webpubsub.";

    public static UpstreamEvent Parse(IHeaderDictionary headers, string? contentType, ReadOnlyMemory<byte> body)
    {
        var type = Required(headers, "ce-type");
        var context = new UpstreamContext(
            Required(headers, "ce-hub"),
            Required(headers, "ce-connectionId"),
            Optional(headers, "ce-userId"),
            Required(headers, "ce-eventName"),
            Optional(headers, "ce-subprotocol"),
            Optional(headers, RealtimeConnectionState.Header));
        RequireUtf8ConnectionState(context.ConnectionState);
        return type switch
        {
            TypePrefix + "sys.connect" => ParseConnect(context, Utf8Body(body, "connect event")),
            TypePrefix + "sys.connected" => ParseConnected(context, Utf8Body(body, "connected event")),
            TypePrefix + "sys.disconnected" => new DisconnectedEvent(context, ReadReason(Utf8Body(body, "disconnected event"))),
            _ when type.StartsWith(TypePrefix + "user.", StringComparison.Ordinal) => ParseUserEvent(context, type[(TypePrefix.Length + 5)..], DataTypeOf(contentType), body),
            _ => throw new UpstreamEventFormatException($"Unknown event type '{type}'."),
        };
    }

    private static ConnectEvent ParseConnect(UpstreamContext context, ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = StrictJson.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UpstreamEventFormatException("The connect event body must be a JSON object.");
            }

            return new ConnectEvent(context, Map(root, "claims"), Map(root, "query"), Map(root, "headers"), Strings(root, "subprotocols"));
        }
        catch (JsonException e)
        {
            throw new UpstreamEventFormatException($"The connect event body is not JSON: {e.Message}");
        }
    }

    /// <summary>A map of string arrays; a single string value (some senders) counts as a one-element array.</summary>
    private static Dictionary<string, string[]> Map(JsonElement root, string name)
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray(),
                    JsonValueKind.String => [property.Value.GetString()!],
                    JsonValueKind.Null => [],
                    _ => [property.Value.GetRawText()],
                };
            }
        }

        return map;
    }

    private static string[] Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : [];

    /// <summary>The body is <c>{}</c>; nothing in it is used, but it must still be a well-formed JSON body.</summary>
    private static ConnectedEvent ParseConnected(UpstreamContext context, ReadOnlyMemory<byte> body)
    {
        using var document = ParseOptionalJson(body, "connected");
        return new ConnectedEvent(context);
    }

    /// <summary>The reason is informational only: missing, empty or not a string means none.</summary>
    private static string? ReadReason(ReadOnlyMemory<byte> body)
    {
        using var document = ParseOptionalJson(body, "disconnected");
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString()
            : null;
    }

    /// <summary>A JSON user event's data must be JSON; handlers read it later, so it is checked once here.</summary>
    private static UserEvent ParseUserEvent(UpstreamContext context, string name, UserEventDataType dataType, ReadOnlyMemory<byte> body)
    {
        if (dataType != UserEventDataType.Binary)
        {
            Utf8Body(body, $"user event '{name}'");
        }

        if (dataType == UserEventDataType.Json)
        {
            using var document = ParseOptionalJson(body, $"user event '{name}'");
        }

        return new UserEvent(context, name, dataType, body);
    }

    /// <summary>
    /// Text and JSON bodies must be UTF-8 throughout: System.Text.Json only checks a string's bytes when the string is
    /// read, which would turn a bad byte deep in a claim into an exception in a handler instead of a 400 here.
    /// </summary>
    private static ReadOnlyMemory<byte> Utf8Body(ReadOnlyMemory<byte> body, string what) =>
        StrictJson.IsUtf8(body.Span) ? body : throw new UpstreamEventFormatException($"The {what} body is not valid UTF-8.");

    /// <summary>Our connection state is base64 of UTF-8 JSON; decoded bytes that are not UTF-8 were never written by us.</summary>
    private static void RequireUtf8ConnectionState(string? state)
    {
        if (state is null)
        {
            return;
        }

        var decoded = new byte[((state.Length + 3) / 4) * 3];
        if (Convert.TryFromBase64String(state, decoded, out var length) && !StrictJson.IsUtf8(decoded.AsSpan(0, length)))
        {
            throw new UpstreamEventFormatException($"The {RealtimeConnectionState.Header} header is not valid UTF-8.");
        }
    }

    private static JsonDocument? ParseOptionalJson(ReadOnlyMemory<byte> body, string what)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return StrictJson.Parse(body);
        }
        catch (JsonException e)
        {
            throw new UpstreamEventFormatException($"The {what} body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>By media type only (a charset parameter may or may not be there); a missing type means binary.</summary>
    private static UserEventDataType DataTypeOf(string? contentType) =>
        (contentType?.Split(';')[0].Trim().ToLowerInvariant()) switch
        {
            "application/json" => UserEventDataType.Json,
            "text/plain" => UserEventDataType.Text,
            "application/octet-stream" or null or "" => UserEventDataType.Binary,
            var other => throw new UpstreamEventFormatException($"Unsupported user event content type '{other}'."),
        };

    private static string Required(IHeaderDictionary headers, string name) =>
        Optional(headers, name) ?? throw new UpstreamEventFormatException($"The '{name}' header is missing.");

    private static string? Optional(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
