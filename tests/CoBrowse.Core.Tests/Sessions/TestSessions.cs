using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Tests.Sessions;

/// <summary>Sessions in each state as the lifecycle leaves them, and a command for each trigger.</summary>
internal static class TestSessions
{
    public const string ControllingAgent = "agent-1";
    public const string OtherAgent = "agent-2";

    public static DateTimeOffset CreatedAt { get; } = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset StartedAt { get; } = new(2025, 3, 4, 10, 1, 0, TimeSpan.Zero);

    public static DateTimeOffset EndedAt { get; } = new(2025, 3, 4, 10, 20, 0, TimeSpan.Zero);

    /// <summary>The fixed "now" every transition in these tests happens at.</summary>
    public static DateTimeOffset Now { get; } = new(2025, 3, 4, 10, 30, 0, TimeSpan.Zero);

    public static Session Pending { get; } = new()
    {
        TenantId = "acme",
        SessionId = "s-1",
        InteractionId = "interaction-1",
        Channel = Channel.WebChat,
        State = SessionState.Pending,
        CreatedAt = CreatedAt,
        UpdatedAt = CreatedAt,
        OwnerAgentId = ControllingAgent,
    };

    public static Session InState(SessionState state) => state switch
    {
        SessionState.Pending => Pending,
        SessionState.ViewOnly => Pending with { State = state, StartedAt = StartedAt, UpdatedAt = StartedAt, Version = 1 },
        SessionState.ControlRequested => InState(SessionState.ViewOnly) with { State = state, ControlAgentId = ControllingAgent, Version = 2 },
        SessionState.Control => InState(SessionState.ControlRequested) with { State = state, Version = 3 },
        SessionState.Ended => InState(SessionState.ViewOnly) with
        {
            State = state,
            UpdatedAt = EndedAt,
            EndedAt = EndedAt,
            EndReason = EndReason.CustomerEnded,
            EndedBy = Actor.Customer,
            Version = 2,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The command for <paramref name="trigger"/>; <paramref name="agentId"/> requests, and revokes when given.</summary>
    public static SessionCommand CommandFor(SessionTrigger trigger, string agentId = ControllingAgent, bool agentRevokes = false) => trigger switch
    {
        SessionTrigger.CustomerJoined => new JoinAsCustomer(),
        SessionTrigger.ControlRequested => new RequestControl(agentId),
        SessionTrigger.ControlApproved => new ApproveControl(),
        SessionTrigger.ControlDenied => new DenyControl(),
        SessionTrigger.ControlRevoked => new RevokeControl(agentRevokes ? Actor.Agent(agentId) : Actor.Customer),
        SessionTrigger.Ended => EndSession.ByCustomer(),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, null),
    };

    public static IEnumerable<(SessionState State, SessionTrigger Trigger)> AllPairs() =>
        from state in Enum.GetValues<SessionState>()
        from trigger in Enum.GetValues<SessionTrigger>()
        select (state, trigger);
}
