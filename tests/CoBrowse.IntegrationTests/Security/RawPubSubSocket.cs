using System.Net.WebSockets;
using System.Text;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// A Web PubSub JSON-subprotocol socket that sends whatever bytes a hostile client would (any operation, broken JSON,
/// binary, oversized frames) and records every frame and the close the relay answers with.
/// </summary>
public sealed class RawPubSubSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonNode> _frames = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private int _ackId;

    private RawPubSubSocket(string subprotocol)
    {
        _socket.Options.AddSubProtocol(subprotocol);
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<RawPubSubSocket> ConnectAsync(string url, string subprotocol = "json.webpubsub.azure.v1")
    {
        var socket = new RawPubSubSocket(subprotocol);
        await socket._socket.ConnectAsync(new Uri(url), CancellationToken.None);
        socket._receiving = socket.ReceiveLoopAsync();
        await socket.WaitForAsync(f => f["type"]?.GetValue<string>() == "system" && f["event"]?.GetValue<string>() == "connected");
        return socket;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) =>
        _socket.SendAsync(bytes, type, true, CancellationToken.None);

    /// <summary>Sends an operation with a fresh ackId and returns the relay's ack.</summary>
    public async Task<JsonNode> RequestAsync(JsonObject operation)
    {
        var ackId = Interlocked.Increment(ref _ackId);
        operation["ackId"] = ackId;
        await SendTextAsync(operation.ToJsonString());
        return await WaitForAsync(f => f["type"]?.GetValue<string>() == "ack" && f["ackId"]?.GetValue<int>() == ackId);
    }

    public Task<JsonNode> JoinAsync(string group) => RequestAsync(new JsonObject { ["type"] = "joinGroup", ["group"] = group });

    public Task<JsonNode> LeaveAsync(string group) => RequestAsync(new JsonObject { ["type"] = "leaveGroup", ["group"] = group });

    public Task<JsonNode> SendToGroupAsync(string group, JsonNode data) =>
        RequestAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = group, ["dataType"] = "json", ["data"] = data, ["noEcho"] = true });

    public Task<JsonNode> EventAsync(string name, JsonNode data) =>
        RequestAsync(new JsonObject { ["type"] = "event", ["event"] = name, ["dataType"] = "json", ["data"] = data });

    /// <summary>Every frame so far, as text.</summary>
    public string Transcript()
    {
        lock (_frames)
        {
            return string.Join('\n', _frames.Select(f => f.ToJsonString()));
        }
    }

    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            lock (_frames)
            {
                if (_frames.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            if (_closed.Task.IsCompleted)
            {
                break;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching frame; close {CloseStatus} '{CloseDescription}'; seen: {Transcript()}");
    }

    /// <summary>Waits until the relay closes the socket; false if it stays open.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout) =>
        await Task.WhenAny(_closed.Task, Task.Delay(timeout)) == _closed.Task;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", quick.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already closing from the other side.
            }
        }

        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The loop ends with the socket.
        }

        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                message.SetLength(0);
                if (frame is not null)
                {
                    lock (_frames)
                    {
                        _frames.Add(frame);
                    }
                }
            }
        }
        catch (WebSocketException)
        {
            // The relay dropped the connection; CloseStatus says how, if it said.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
