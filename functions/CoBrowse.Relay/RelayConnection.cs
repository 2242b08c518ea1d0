using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace CoBrowse.Relay;

/// <summary>One logical client connection. Owns its outbound queue (drained by one writer task per attached socket, so a
/// slow consumer only fills its own queue), the reliable replay buffer, and its lifecycle: attached, detached (waiting
/// for recovery) and closed.</summary>
public sealed class RelayConnection
{
    private readonly RelayOptions _options;
    private readonly Action<RelayConnection, string?> _onClosed;
    private readonly Channel<OutboundFrame> _outbound = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<OutboundFrame> _unacked = new();
    private readonly HashSet<ulong> _processedAckIds = [];
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _unackedBytes;
    private long _lastSequenceId;
    private int _queuedFrames;
    private int _generation;
    private long _eventId;
    private Attachment? _attachment;

    internal RelayConnection(string id, string? userId, IEnumerable<string> roles, string? subprotocol, RelayOptions options, Action<RelayConnection, string?> onClosed)
    {
        UserId = userId;
        Permissions = new Permissions(roles);
        Subprotocol = subprotocol;
        _options = options;
        _onClosed = onClosed;
        Id = id;
        ReconnectionToken = IsReliable ? HmacJwt.Base64Url(RandomNumberGenerator.GetBytes(32)) : null;
    }

    public string Id { get; }

    public static string NewId() => HmacJwt.Base64Url(RandomNumberGenerator.GetBytes(16));

    public string? UserId { get; }

    public Permissions Permissions { get; }

    public string? Subprotocol { get; }

    public bool IsReliable => Subprotocol == ClientProtocols.ReliableJson;

    public string? ReconnectionToken { get; }

    /// <summary>The opaque <c>ce-connectionState</c> last set by a blocking upstream response.</summary>
    public string? UpstreamState { get; set; }

    /// <summary>The host that upstream requests name as <c>WebHook-Request-Origin</c>.</summary>
    public string Origin { get; init; } = "localhost";

    public bool IsClosed { get; private set; }

    public long NextEventId() => Interlocked.Increment(ref _eventId);

    public IReadOnlyCollection<string> Groups
    {
        get
        {
            lock (_lock)
            {
                return [.. _groups];
            }
        }
    }

    internal bool AddGroup(string group)
    {
        lock (_lock)
        {
            return !IsClosed && _groups.Add(group);
        }
    }

    internal bool RemoveGroup(string group)
    {
        lock (_lock)
        {
            return _groups.Remove(group);
        }
    }

    /// <summary>Whether a request with this ackId already succeeded (the client then gets <c>Duplicate</c>).</summary>
    public bool IsDuplicateAck(ulong ackId)
    {
        lock (_lock)
        {
            return _processedAckIds.Contains(ackId);
        }
    }

    public void RecordAck(ulong ackId)
    {
        lock (_lock)
        {
            _processedAckIds.Add(ackId);
        }
    }

    /// <summary>Queues a data message; on a reliable connection it gets the next sequence id and waits in the replay
    /// buffer until acknowledged. A full queue or buffer closes this connection for good.</summary>
    public void Send(DataMessage message)
    {
        string? overflow = null;
        lock (_lock)
        {
            if (IsClosed)
            {
                return;
            }

            var frame = IsReliable
                ? new OutboundFrame(Frames.Data(message, ++_lastSequenceId), _lastSequenceId)
                : new OutboundFrame(Frames.Data(message, 0));
            if (IsReliable)
            {
                _unacked.Enqueue(frame);
                _unackedBytes += frame.Bytes.Length;
                if (_unacked.Count > _options.MaxUnackedMessages || _unackedBytes > _options.MaxUnackedBytes)
                {
                    overflow = "The connection's buffer of unacknowledged messages is full.";
                }
            }

            overflow ??= Enqueue(frame);
        }

        if (overflow is not null)
        {
            Abort(overflow);
        }
    }

    /// <summary>Queues an ack, pong or other frame that is not replayed after recovery.</summary>
    public void SendControl(byte[] frame)
    {
        string? overflow;
        lock (_lock)
        {
            if (IsClosed)
            {
                return;
            }

            overflow = Enqueue(new OutboundFrame(frame));
        }

        if (overflow is not null)
        {
            Abort(overflow);
        }
    }

    /// <summary>A <c>sequenceAck</c>: drops every buffered message up to and including <paramref name="sequenceId"/>.</summary>
    public void Acknowledge(long sequenceId)
    {
        lock (_lock)
        {
            while (_unacked.TryPeek(out var frame) && frame.SequenceId <= sequenceId)
            {
                _unacked.Dequeue();
                _unackedBytes -= frame.Bytes.Length;
            }
        }
    }

    /// <summary>Server-initiated close: the client gets a <c>disconnected</c> frame with the reason, then the close.
    /// Reliable clients get 1008 so they do not try a pointless recovery.</summary>
    public void Close(string? reason, WebSocketCloseStatus? status = null)
    {
        lock (_lock)
        {
            if (!MarkClosed())
            {
                return;
            }

            _outbound.Writer.TryWrite(new OutboundFrame(Frames.Disconnected(reason)));
            _outbound.Writer.TryWrite(OutboundFrame.Close(status ?? (IsReliable ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure), reason));
            _outbound.Writer.TryComplete();
        }

        _onClosed(this, reason);
    }

    /// <summary>Ends the connection at once (a slow consumer or an overflowing buffer): the socket is aborted, because a
    /// writer stuck on a full socket could not deliver a close frame anyway.</summary>
    public void Abort(string reason)
    {
        Attachment? attachment;
        lock (_lock)
        {
            if (!MarkClosed())
            {
                return;
            }

            attachment = _attachment;
            _outbound.Writer.TryComplete();
        }

        attachment?.Socket.Abort();
        _onClosed(this, reason);
    }

    /// <summary>Serves <paramref name="socket"/> until it ends: replays unacknowledged messages (recovery), then drains the
    /// outbound queue while <paramref name="onFrame"/> handles incoming frames one at a time. Returns false at once when
    /// the connection has already closed.</summary>
    internal async Task<bool> ServeAsync(WebSocket socket, Func<RelayConnection, ReadOnlyMemory<byte>, Task<ClientFrameResult>> onFrame)
    {
        Attachment attachment;
        Attachment? previous;
        lock (_lock)
        {
            if (IsClosed)
            {
                return false;
            }

            previous = _attachment;
            ++_generation;
            attachment = new Attachment(socket);
            _attachment = attachment;
            // Started under the lock, so a recovery right after this always finds the writer it has to wait for.
            attachment.Writer = Task.Run(() => WriteAsync(attachment, previous?.Writer));
        }

        // A recovery can arrive before the old socket's drop was noticed: take the connection over from it.
        previous?.Cancel();

        var clientClosed = false;
        string? reason = null;
        try
        {
            (clientClosed, reason) = await ReadAsync(attachment, onFrame);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // An abrupt drop: reliable connections wait for recovery below.
        }

        OnSocketEnded(attachment, clientClosed, reason);
        await attachment.WaitForWriterAsync(TimeSpan.FromSeconds(5));
        if (socket.State == WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
                // The client is gone already.
            }
        }

        return true;
    }

    private async Task<(bool ClientClosed, string? Reason)> ReadAsync(Attachment attachment, Func<RelayConnection, ReadOnlyMemory<byte>, Task<ClientFrameResult>> onFrame)
    {
        var socket = attachment.Socket;
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, attachment.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (true, socket.CloseStatusDescription);
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > _options.MaxClientFrameBytes)
            {
                CloseFromServer(WebSocketCloseStatus.MessageTooBig, "The message is too large.");
                return (false, null);
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                CloseFromServer(WebSocketCloseStatus.InvalidMessageType, "Binary frames are not supported by the JSON protocols.");
                return (false, null);
            }

            var outcome = await onFrame(this, message.GetBuffer().AsMemory(0, (int)message.Length));
            message.SetLength(0);
            if (outcome.CloseStatus is { } status)
            {
                CloseFromServer(status, outcome.Reason);
                return (false, null);
            }

            if (IsClosed)
            {
                return (false, null);
            }
        }
    }

    private void CloseFromServer(WebSocketCloseStatus status, string? reason) => Close(reason, status);

    private async Task WriteAsync(Attachment attachment, Task? previousWriter)
    {
        if (previousWriter is not null)
        {
            await previousWriter.ConfigureAwait(false);
        }

        var socket = attachment.Socket;
        try
        {
            OutboundFrame[] replay;
            lock (_lock)
            {
                replay = [.. _unacked];
            }

            var lastSent = 0L;
            foreach (var frame in replay)
            {
                await socket.SendAsync(frame.Bytes, WebSocketMessageType.Text, true, attachment.Token);
                lastSent = frame.SequenceId;
            }

            await foreach (var frame in _outbound.Reader.ReadAllAsync(attachment.Token))
            {
                Interlocked.Decrement(ref _queuedFrames);
                if (frame.IsClose)
                {
                    await socket.CloseOutputAsync(frame.CloseStatus!.Value, Truncate(frame.CloseReason), attachment.Token);
                    _ = AbortLaterAsync(socket); // a client that never answers the close must not hold the socket open
                    return;
                }

                if (frame.SequenceId != 0 && frame.SequenceId <= lastSent)
                {
                    continue; // already replayed
                }

                await socket.SendAsync(frame.Bytes, WebSocketMessageType.Text, true, attachment.Token);
                lastSent = Math.Max(lastSent, frame.SequenceId);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort(); // the reader notices and the connection detaches or closes
        }
    }

    private void OnSocketEnded(Attachment attachment, bool clientClosed, string? reason)
    {
        int generation;
        lock (_lock)
        {
            if (_attachment != attachment)
            {
                return; // replaced by a recovery
            }

            _attachment = null;
            generation = _generation;
            if (IsClosed)
            {
                return;
            }
        }

        if (clientClosed || !IsReliable)
        {
            // Any close frame from the client ends the connection (not only 1000), so stop() gives a prompt disconnected.
            lock (_lock)
            {
                if (!MarkClosed())
                {
                    return;
                }

                _outbound.Writer.TryComplete();
            }

            _onClosed(this, reason);
            return;
        }

        attachment.Cancel();
        _ = ExpireRecoveryAsync(generation);
    }

    private async Task ExpireRecoveryAsync(int generation)
    {
        await Task.Delay(_options.RecoveryWindow).ConfigureAwait(false);
        lock (_lock)
        {
            if (_generation != generation || _attachment is not null || !MarkClosed())
            {
                return;
            }

            _outbound.Writer.TryComplete();
        }

        _onClosed(this, "The connection was not recovered in time.");
    }

    /// <summary>Whether a recovery request may take this connection over.</summary>
    internal bool CanRecover(string? reconnectionToken) =>
        IsReliable && !IsClosed && reconnectionToken is not null && ReconnectionToken is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(reconnectionToken), System.Text.Encoding.UTF8.GetBytes(ReconnectionToken));

    private string? Enqueue(OutboundFrame frame)
    {
        if (Interlocked.Increment(ref _queuedFrames) > _options.MaxOutboundFrames)
        {
            return "The connection is too slow to receive its messages.";
        }

        _outbound.Writer.TryWrite(frame);
        return null;
    }

    private bool MarkClosed()
    {
        if (IsClosed)
        {
            return false;
        }

        IsClosed = true;
        return true;
    }

    private static async Task AbortLaterAsync(WebSocket socket)
    {
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        socket.Abort();
    }

    /// <summary>A close reason may have at most 123 UTF-8 bytes.</summary>
    private static string? Truncate(string? reason)
    {
        while (reason is not null && System.Text.Encoding.UTF8.GetByteCount(reason) > 123)
        {
            reason = reason[..^1];
        }

        return reason;
    }

    private sealed class Attachment(WebSocket socket)
    {
        private readonly CancellationTokenSource _cts = new();

        public WebSocket Socket { get; } = socket;

        public CancellationToken Token => _cts.Token;

        public Task? Writer { get; set; }

        public void Cancel()
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            Socket.Abort();
        }

        public async Task WaitForWriterAsync(TimeSpan timeout)
        {
            if (Writer is null)
            {
                return;
            }

            if (await Task.WhenAny(Writer, Task.Delay(timeout)) != Writer)
            {
                Cancel();
                await Writer;
            }
        }
    }
}
