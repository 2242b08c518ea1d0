namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>What every upstream CloudEvent says about its connection (from the ce-* headers).</summary>
public sealed record UpstreamContext(string Hub, string ConnectionId, string? UserId, string EventName, string? Subprotocol, string? ConnectionState)
{
    /// <summary>The participant the connect handler stored in the connection state, if any.</summary>
    public RealtimeParticipant? Participant => RealtimeConnectionState.Decode(ConnectionState);
}

public abstract record UpstreamEvent(UpstreamContext Context);

/// <summary>The blocking connect event: the validated token's claims, the query (without the token), headers and offered subprotocols.</summary>
public sealed record ConnectEvent(
    UpstreamContext Context,
    IReadOnlyDictionary<string, string[]> Claims,
    IReadOnlyDictionary<string, string[]> Query,
    IReadOnlyDictionary<string, string[]> Headers,
    IReadOnlyList<string> Subprotocols) : UpstreamEvent(Context);

public sealed record ConnectedEvent(UpstreamContext Context) : UpstreamEvent(Context);

public sealed record DisconnectedEvent(UpstreamContext Context, string? Reason) : UpstreamEvent(Context);

public enum UserEventDataType
{
    Text,
    Json,
    Binary,
}

/// <summary>A user event a client sent (<c>{"type":"event","event":name,...}</c>).</summary>
public sealed record UserEvent(UpstreamContext Context, string Name, UserEventDataType DataType, ReadOnlyMemory<byte> Data) : UpstreamEvent(Context);

/// <summary>The request is not a well-formed upstream event (answered with 400).</summary>
public sealed class UpstreamEventFormatException(string message) : Exception(message);
