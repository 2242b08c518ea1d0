using System.Text.Json;

namespace CoBrowse.Relay;

/// <summary>Service → client frames of the JSON subprotocols, with the key order the emulator uses.</summary>
public static class Frames
{
    public static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();

    public static byte[] Connected(string? userId, string connectionId, string? reconnectionToken) => Write(w =>
    {
        w.WriteString("type", "system");
        w.WriteString("event", "connected");
        w.WriteString("userId", userId);
        w.WriteString("connectionId", connectionId);
        if (reconnectionToken is not null)
        {
            w.WriteString("reconnectionToken", reconnectionToken);
        }
    });

    public static byte[] Disconnected(string? message) => Write(w =>
    {
        w.WriteString("type", "system");
        w.WriteString("event", "disconnected");
        w.WriteString("message", message ?? "");
    });

    public static byte[] Ack(ulong ackId, AckError? error = null, string? message = null) => Write(w =>
    {
        w.WriteString("type", "ack");
        w.WriteNumber("ackId", ackId);
        w.WriteBoolean("success", error is null);
        if (error is not null)
        {
            w.WriteStartObject("error");
            w.WriteString("name", error.ToString());
            w.WriteString("message", message ?? "");
            w.WriteEndObject();
        }
    });

    /// <summary>A group message (when <see cref="DataMessage.Group"/> is set) or a server message.</summary>
    public static byte[] Data(DataMessage message, long sequenceId) => Write(w =>
    {
        w.WriteString("type", "message");
        if (message.Group is null)
        {
            w.WriteString("from", "server");
        }
        else
        {
            w.WriteString("from", "group");
            w.WriteString("group", message.Group);
            w.WriteString("fromUserId", message.FromUserId);
        }

        w.WriteString("dataType", message.Payload.DataType);
        w.WritePropertyName("data");
        w.WriteRawValue(message.Payload.DataJson, skipInputValidation: true);
        if (sequenceId > 0)
        {
            w.WriteNumber("sequenceId", sequenceId);
        }
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}

public enum AckError
{
    BadRequest,
    Forbidden,
    InternalServerError,
    Duplicate,
}

/// <summary>A data message before it gets a receiver's sequence id: from a group (with the sender) or from the server.</summary>
public sealed record DataMessage(string? Group, string? FromUserId, Payload Payload);
