namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>What to do for a connection's control permission once it is connected.</summary>
public enum ControlSync
{
    None,
    Grant,
    Revoke,
}

public sealed record ConnectedDecision(PresenceEntry? Presence, ControlSync Control);

/// <summary>
/// Records the connection in presence and closes the window between connect and connected: if control changed
/// in between (approved, or revoked), the connection's permission is brought in line with the session now. A
/// transition after the presence row exists is handled by the session control, which reads presence after writing.
/// </summary>
public sealed class ConnectedEventHandler(ISessionStore sessions, TimeProvider clock)
{
    public async Task<ConnectedDecision> DecideAsync(ConnectedEvent connected, CancellationToken cancellationToken)
    {
        if (connected.Context.Participant is not { } participant)
        {
            return new ConnectedDecision(null, ControlSync.None);
        }

        var presence = new PresenceEntry(participant.TenantId, participant.SessionId, connected.Context.ConnectionId, participant.UserId,
            participant.Role, participant.AgentId, clock.GetUtcNow());
        if (participant.Role != RealtimeRole.Agent)
        {
            return new ConnectedDecision(presence, ControlSync.None);
        }

        var session = (await sessions.GetAsync(participant.TenantId, participant.SessionId, cancellationToken))?.Value;
        var controllingNow = session is not null && ControlTarget.IsControlling(session, participant);
        var controlAtConnect = RealtimeConnectionState.ControlAtConnect(connected.Context.ConnectionState);
        var sync = (controlAtConnect, controllingNow) switch
        {
            (false, true) => ControlSync.Grant,
            (true, false) => ControlSync.Revoke,
            _ => ControlSync.None,
        };
        return new ConnectedDecision(presence, sync);
    }
}
