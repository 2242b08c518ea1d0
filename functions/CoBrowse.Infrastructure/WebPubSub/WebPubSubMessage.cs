using System.Text;
using System.Text.Json;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>A message body for the send operations; its content type decides the receivers' <c>dataType</c>.</summary>
public sealed record WebPubSubMessage(ReadOnlyMemory<byte> Body, string ContentType)
{
    /// <summary>Already-serialized JSON; receivers get <c>dataType: "json"</c>.</summary>
    public static WebPubSubMessage Json(string json) => new(Encoding.UTF8.GetBytes(json), "application/json");

    public static WebPubSubMessage Json<T>(T value, JsonSerializerOptions? options = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, options), "application/json");

    public static WebPubSubMessage Text(string text) => new(Encoding.UTF8.GetBytes(text), "text/plain");

    public static WebPubSubMessage Binary(ReadOnlyMemory<byte> data) => new(data, "application/octet-stream");
}

/// <summary>The two permissions the REST permission API manages.</summary>
public enum WebPubSubPermission
{
    SendToGroup,
    JoinLeaveGroup,
}
