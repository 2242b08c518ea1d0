using System.Net.WebSockets;

namespace CoBrowse.Relay;

/// <summary>One item of a connection's outbound queue: a frame (data frames carry their sequence id) or the request to
/// close the socket after everything queued before it.</summary>
internal sealed record OutboundFrame(byte[] Bytes, long SequenceId = 0, WebSocketCloseStatus? CloseStatus = null, string? CloseReason = null)
{
    public bool IsClose => CloseStatus is not null;

    public static OutboundFrame Close(WebSocketCloseStatus status, string? reason) => new([], 0, status, reason);
}
