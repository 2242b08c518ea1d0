using System.Net.WebSockets;
using System.Text.Json;

namespace CoBrowse.Relay;

/// <summary>Handles one client frame of the JSON subprotocols: group operations with exact permission checks, acks
/// (with duplicate detection), pings, sequence acks and user events.</summary>
public sealed class ClientMessageHandler(RelayHub hub, UpstreamClient upstream)
{
    public async Task<ClientFrameResult> HandleAsync(RelayConnection connection, ReadOnlyMemory<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            return Invalid("The message is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return Invalid("The message has no type.");
            }

            if (!TryGetAckId(root, out var ackId))
            {
                return Invalid("The ackId is not a non-negative integer.");
            }

            switch (typeElement.GetString()!.ToLowerInvariant())
            {
                case "ping":
                    connection.SendControl(Frames.Pong);
                    return ClientFrameResult.Continue;
                case "sequenceack":
                    if (!root.TryGetProperty("sequenceId", out var sequenceId) || !sequenceId.TryGetInt64(out var acked))
                    {
                        return Invalid("The sequenceAck has no sequenceId.");
                    }

                    connection.Acknowledge(acked);
                    return ClientFrameResult.Continue;
                case "joingroup":
                    return GroupOperation(connection, root, ackId, join: true);
                case "leavegroup":
                    return GroupOperation(connection, root, ackId, join: false);
                case "sendtogroup":
                    return SendToGroup(connection, root, ackId);
                case "event":
                    return await UserEventAsync(connection, root, ackId);
                default:
                    return Invalid("Unknown message type.");
            }
        }
    }

    private ClientFrameResult GroupOperation(RelayConnection connection, JsonElement root, ulong? ackId, bool join)
    {
        if (GroupName(root) is not { } group)
        {
            return Invalid("The group name is invalid.");
        }

        if (IsDuplicate(connection, ackId))
        {
            return ClientFrameResult.Continue;
        }

        if (!connection.Permissions.CanJoinOrLeave(group))
        {
            Reply(connection, ackId, AckError.Forbidden, $"The connection does not have permission to {(join ? "join" : "leave")} group '{group}'.");
            return ClientFrameResult.Continue;
        }

        if (join)
        {
            hub.Join(connection, group);
        }
        else
        {
            hub.Leave(connection, group);
        }

        Succeed(connection, ackId);
        return ClientFrameResult.Continue;
    }

    private ClientFrameResult SendToGroup(RelayConnection connection, JsonElement root, ulong? ackId)
    {
        if (GroupName(root) is not { } group)
        {
            return Invalid("The group name is invalid.");
        }

        if (Payload.FromFrame(root) is not { } payload)
        {
            return Invalid("The data does not match the dataType.");
        }

        var noEcho = false;
        if (root.TryGetProperty("noEcho", out var noEchoElement))
        {
            if (noEchoElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Invalid("noEcho must be a boolean.");
            }

            noEcho = noEchoElement.GetBoolean();
        }

        if (IsDuplicate(connection, ackId))
        {
            return ClientFrameResult.Continue;
        }

        if (!connection.Permissions.CanSendTo(group))
        {
            Reply(connection, ackId, AckError.Forbidden, $"The connection does not have permission to send to group '{group}'.");
            return ClientFrameResult.Continue;
        }

        hub.SendToGroup(group, new DataMessage(group, connection.UserId, payload), noEcho ? [connection.Id] : null);
        Succeed(connection, ackId);
        return ClientFrameResult.Continue;
    }

    /// <summary>Emulator order: the upstream reply message first, then the ack. A refusal is a BadRequest or Forbidden ack
    /// with the handler's reason, a failure an InternalServerError ack; either leaves the ackId free for a retry.</summary>
    private async Task<ClientFrameResult> UserEventAsync(RelayConnection connection, JsonElement root, ulong? ackId)
    {
        if (!root.TryGetProperty("event", out var eventElement) || eventElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(eventElement.GetString()))
        {
            return Invalid("The event has no name.");
        }

        if (Payload.FromFrame(root) is not { } payload)
        {
            return Invalid("The data does not match the dataType.");
        }

        if (IsDuplicate(connection, ackId))
        {
            return ClientFrameResult.Continue;
        }

        if (!IsValidEventName(eventElement.GetString()!))
        {
            Reply(connection, ackId, AckError.BadRequest, "The event name must be printable ASCII without spaces.");
            return ClientFrameResult.Continue;
        }

        var outcome = await upstream.UserEventAsync(connection, eventElement.GetString()!, payload, CancellationToken.None);
        if (outcome.Error is { } error)
        {
            Reply(connection, ackId, error, outcome.Message ?? "");
            return ClientFrameResult.Continue;
        }

        if (outcome.Reply is not null)
        {
            connection.Send(new DataMessage(null, null, outcome.Reply));
        }

        Succeed(connection, ackId);
        return ClientFrameResult.Continue;
    }

    private static bool IsDuplicate(RelayConnection connection, ulong? ackId)
    {
        if (ackId is not { } id || !connection.IsDuplicateAck(id))
        {
            return false;
        }

        connection.SendControl(Frames.Ack(id, AckError.Duplicate, $"Message with ack-id: {id} has been processed"));
        return true;
    }

    private static void Succeed(RelayConnection connection, ulong? ackId)
    {
        if (ackId is { } id)
        {
            connection.RecordAck(id);
            connection.SendControl(Frames.Ack(id));
        }
    }

    private static void Reply(RelayConnection connection, ulong? ackId, AckError error, string message)
    {
        if (ackId is { } id)
        {
            connection.SendControl(Frames.Ack(id, error, message));
        }
    }

    private static bool TryGetAckId(JsonElement root, out ulong? ackId)
    {
        ackId = null;
        if (!root.TryGetProperty("ackId", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var id))
        {
            ackId = id;
            return true;
        }

        return false;
    }

    /// <summary>The name travels in <c>ce-type</c>/<c>ce-eventName</c> headers and, escaped, in the handler URL: visible
    /// ASCII only, so it can neither break a header line nor be trimmed into another name.</summary>
    public static bool IsValidEventName(string name) => name.Length > 0 && name.All(c => c is > ' ' and <= '~');

    public static bool IsValidGroupName(string? group) => group is { Length: > 0 and <= 1024 } && !string.IsNullOrWhiteSpace(group);

    private static string? GroupName(JsonElement root) =>
        root.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String && IsValidGroupName(g.GetString()) ? g.GetString() : null;

    private static ClientFrameResult Invalid(string reason) => new(WebSocketCloseStatus.InvalidPayloadData, reason);
}
