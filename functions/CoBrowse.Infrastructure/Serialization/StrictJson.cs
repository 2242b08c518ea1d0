using System.Text.Json;
using System.Text.Unicode;

namespace CoBrowse.Infrastructure.Serialization;

/// <summary>
/// How every JSON input is read, whoever sent it: UTF-8 only, and a property named twice is an error rather than
/// "the last one wins", because another reader of the same bytes (a gateway, a log pipeline, the SDK) may keep the
/// first. The product API's and the demo's serializer options make the same choice.
/// </summary>
public static class StrictJson
{
    public static JsonDocumentOptions DocumentOptions { get; } = new() { AllowDuplicateProperties = false };

    /// <summary>Whether the bytes are UTF-8 (System.Text.Json checks string contents only when they are read).</summary>
    public static bool IsUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    /// <summary>Parses a JSON document; duplicate properties throw <see cref="JsonException"/> like any syntax error.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json) => JsonDocument.Parse(utf8Json, DocumentOptions);
}
