using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>The connect answer: exactly what the connection may do.</summary>
public sealed record ConnectResponse(string UserId, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups);

/// <summary>Accept with a response and connection state, or reject with a short reason (401).</summary>
public sealed record ConnectDecision(ConnectResponse? Response, string? ConnectionState, string? RejectReason)
{
    public bool Accepted => Response is not null;

    public static ConnectDecision Accept(ConnectResponse response, string state) => new(response, state, null);

    public static ConnectDecision Reject(string reason) => new(null, null, reason);
}

/// <summary>
/// Re-checks every (re)connection against the session: the token's participant must name a session of its
/// tenant that has not ended. Answers the narrow roles and groups again (they replace the token's), plus the
/// control group for the agent who is in control right now, so a reconnect keeps control.
/// </summary>
public sealed class ConnectEventHandler(ISessionStore sessions)
{
    public async Task<ConnectDecision> DecideAsync(ConnectEvent connect, CancellationToken cancellationToken)
    {
        if (LiveSubscriber.FromClaims(connect.Claims) is { } live)
        {
            return LiveSubscriber.Connect(live);
        }

        if (RealtimeParticipant.FromClaims(connect.Claims) is not { } participant)
        {
            return ConnectDecision.Reject("not a cobrowse token");
        }

        // Looked up in the token's tenant: a session of another tenant is simply not found.
        var session = (await sessions.GetAsync(participant.TenantId, participant.SessionId, cancellationToken))?.Value;
        if (session is null)
        {
            return ConnectDecision.Reject("unknown session");
        }

        if (session.State == SessionState.Ended)
        {
            return ConnectDecision.Reject("session-ended");
        }

        var inControl = ControlTarget.IsControlling(session, participant);
        var response = new ConnectResponse(
            participant.UserId,
            SessionGroups.RolesFor(participant.Role, participant.SessionId, inControl),
            SessionGroups.GroupsFor(participant.Role, participant.SessionId));
        return ConnectDecision.Accept(response, RealtimeConnectionState.Encode(participant, inControl));
    }
}

/// <summary>Who holds control: the one rule connect, connected and the session control share.</summary>
public static class ControlTarget
{
    public static bool IsControlling(Session session, RealtimeParticipant participant) =>
        participant.Role == RealtimeRole.Agent && session.State == SessionState.Control && session.ControlAgentId == participant.AgentId;
}
