namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>The presence row to remove, if the connection was one of ours.</summary>
public sealed record DisconnectedDecision(string? TenantId, string? SessionId, string ConnectionId)
{
    public bool RemovePresence => TenantId is not null && SessionId is not null;
}

public sealed class DisconnectedEventHandler
{
    public DisconnectedDecision Decide(DisconnectedEvent disconnected) =>
        new(disconnected.Context.Participant?.TenantId, disconnected.Context.Participant?.SessionId, disconnected.Context.ConnectionId);
}
