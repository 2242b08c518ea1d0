using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Functions.Http;

/// <summary>One live connection of a session: <c>kind</c> customer, agent or supervisor (watching); <c>id</c> the agent id.</summary>
public sealed record LiveParticipant(string Kind, string? Id, DateTimeOffset ConnectedAt);

/// <summary>
/// One active session as the supervisor's live view shows it. <c>mode</c> is what the customer allowed right now
/// (<c>viewOnly</c>, <c>controlRequested</c>, <c>control</c>); <c>durationSeconds</c> counts from the customer's join.
/// </summary>
public sealed record LiveSessionView(
    string SessionId,
    string InteractionId,
    Channel Channel,
    SessionState State,
    SessionState Mode,
    string OwnerAgentId,
    string? ControlAgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    long DurationSeconds,
    int Version,
    IReadOnlyList<LiveParticipant> Participants);

/// <summary>The answer of <c>GET /live/sessions</c>: the tenant's active sessions now, and when "now" was.</summary>
public sealed record LiveSessionsResponse(IReadOnlyList<LiveSessionView> Sessions, DateTimeOffset At);

public sealed record LiveNegotiateResponse(string Url, DateTimeOffset ExpiresAt, string Hub, string Group, string UserId);
