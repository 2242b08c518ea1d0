namespace CoBrowse.Relay;

/// <summary>The WebSocket subprotocols the relay speaks.</summary>
public static class ClientProtocols
{
    public const string Json = "json.webpubsub.azure.v1";
    public const string ReliableJson = "json.reliable.webpubsub.azure.v1";

    /// <summary>The first supported subprotocol the client offered, or null.</summary>
    public static string? Choose(IEnumerable<string> offered) => offered.FirstOrDefault(p => p is Json or ReliableJson);
}

/// <summary>What handling one client frame asks of the socket: nothing, or closing it with a status.</summary>
public readonly record struct ClientFrameResult(System.Net.WebSockets.WebSocketCloseStatus? CloseStatus = null, string? Reason = null)
{
    public static readonly ClientFrameResult Continue = new();
}
