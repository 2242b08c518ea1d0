using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>A minimal Web PubSub JSON-subprotocol client over a real WebSocket, for driving the relay from tests.</summary>
public sealed class PubSubTestClient : IAsyncDisposable
{
    private const string Subprotocol = "json.webpubsub.azure.v1";
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonNode> _frames = Channel.CreateUnbounded<JsonNode>();
    private readonly List<JsonNode> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private int _ackId;

    private PubSubTestClient()
    {
        _socket.Options.AddSubProtocol(Subprotocol);
        _socket.Options.CollectHttpResponseDetails = true;
    }

    public JsonNode Connected { get; private set; } = null!;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Connects and waits for the service's <c>connected</c> frame.</summary>
    public static async Task<PubSubTestClient> ConnectAsync(string url)
    {
        var client = new PubSubTestClient();
        await client._socket.ConnectAsync(new Uri(url), CancellationToken.None);
        _ = client.ReceiveLoopAsync();
        client.Connected = await client.WaitForAsync(f => f["type"]?.GetValue<string>() == "system" && f["event"]?.GetValue<string>() == "connected");
        return client;
    }

    /// <summary>The HTTP status of a refused upgrade (e.g. 401), or null if the connection opened.</summary>
    public static async Task<HttpStatusCode?> RefusalStatusAsync(string url)
    {
        var client = new PubSubTestClient();
        try
        {
            await client._socket.ConnectAsync(new Uri(url), CancellationToken.None);
            await client.DisposeAsync();
            return null;
        }
        catch (WebSocketException)
        {
            return client._socket.HttpStatusCode;
        }
    }

    public async Task<JsonNode> SendToGroupAsync(string group, JsonNode data)
    {
        var ackId = Interlocked.Increment(ref _ackId);
        await SendAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = group, ["dataType"] = "json", ["data"] = data, ["ackId"] = ackId, ["noEcho"] = true });
        return await WaitForAsync(f => f["type"]?.GetValue<string>() == "ack" && f["ackId"]?.GetValue<int>() == ackId);
    }

    public async Task<JsonNode> JoinGroupAsync(string group)
    {
        var ackId = Interlocked.Increment(ref _ackId);
        await SendAsync(new JsonObject { ["type"] = "joinGroup", ["group"] = group, ["ackId"] = ackId });
        return await WaitForAsync(f => f["type"]?.GetValue<string>() == "ack" && f["ackId"]?.GetValue<int>() == ackId);
    }

    public async Task<JsonNode> SendEventAsync(string eventName, JsonNode data)
    {
        var ackId = Interlocked.Increment(ref _ackId);
        await SendAsync(new JsonObject { ["type"] = "event", ["event"] = eventName, ["dataType"] = "json", ["data"] = data, ["ackId"] = ackId });
        return await WaitForAsync(f => f["type"]?.GetValue<string>() == "ack" && f["ackId"]?.GetValue<int>() == ackId);
    }

    /// <summary>Group messages received so far (and from now on) that match.</summary>
    public Task<JsonNode> WaitForGroupMessageAsync(string group, Func<JsonNode, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync(f => f["type"]?.GetValue<string>() == "message" && f["group"]?.GetValue<string>() == group && (match is null || match(f)), timeout);

    /// <summary>True if no matching frame arrives within <paramref name="quiet"/>.</summary>
    public async Task<bool> StaysQuietAsync(Func<JsonNode, bool> match, TimeSpan quiet)
    {
        try
        {
            await WaitForAsync(match, quiet);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> match, TimeSpan? timeout = null)
    {
        lock (_seen)
        {
            if (_seen.FirstOrDefault(match) is { } already)
            {
                return already;
            }
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(deadline.Token);
                if (match(frame))
                {
                    return frame;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"No matching frame; seen: {string.Join(" | ", Snapshot().Select(f => f.ToJsonString()))}");
        }
    }

    /// <summary>Drops the connection without a close handshake, as a killed tab or a lost network does.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already going away.
            }
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private List<JsonNode> Snapshot()
    {
        lock (_seen)
        {
            return [.. _seen];
        }
    }

    private Task SendAsync(JsonObject frame) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                lock (_seen)
                {
                    _seen.Add(frame);
                }

                await _frames.Writer.WriteAsync(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The connection ended; waiters time out with what was seen.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
