using CoBrowse.Core.Sessions;
using static CoBrowse.Core.Tests.Sessions.TestSessions;

namespace CoBrowse.Core.Tests.Sessions;

public class SessionLifecycleTests
{
    /// <summary>Commands that already took effect, written out by hand; the agent in the row is the one requesting or revoking.</summary>
    private static readonly (SessionState State, SessionTrigger Trigger, string? Agent)[] Replays =
    [
        (SessionState.ViewOnly, SessionTrigger.CustomerJoined, null),
        (SessionState.ControlRequested, SessionTrigger.CustomerJoined, null),
        (SessionState.Control, SessionTrigger.CustomerJoined, null),
        (SessionState.ControlRequested, SessionTrigger.ControlRequested, ControllingAgent),
        (SessionState.Control, SessionTrigger.ControlRequested, ControllingAgent),
        (SessionState.Control, SessionTrigger.ControlApproved, null),
        (SessionState.ViewOnly, SessionTrigger.ControlRevoked, null),
        (SessionState.ViewOnly, SessionTrigger.ControlRevoked, OtherAgent),
        (SessionState.Ended, SessionTrigger.Ended, null),
    ];

    public static TheoryData<SessionState, SessionTrigger, string?> IdempotentReplays()
    {
        var data = new TheoryData<SessionState, SessionTrigger, string?>();
        foreach (var (state, trigger, agent) in Replays)
        {
            data.Add(state, trigger, agent);
        }

        return data;
    }

    /// <summary>
    /// Every state and trigger pair that is neither in the table nor a replay. Requests come from
    /// <see cref="TestSessions.OtherAgent"/> (not the one already asking or in control) and revokes from the customer.
    /// </summary>
    public static TheoryData<SessionState, SessionTrigger> InvalidPairs()
    {
        var data = new TheoryData<SessionState, SessionTrigger>();
        foreach (var (state, trigger) in InvalidPairList())
        {
            data.Add(state, trigger);
        }

        return data;
    }

    [Fact]
    public void EveryStateAndTriggerPairIsAllowedAReplayOrInvalid()
    {
        var all = AllPairs().ToList();

        var allowed = all.Count(SessionTransitions.All.ContainsKey);
        var replaysWhoeverSendsThem = all.Count(pair => Replays.Any(r => r.State == pair.State && r.Trigger == pair.Trigger && r.Agent is null));
        var invalid = InvalidPairList().Count;

        Assert.Equal(30, all.Count);
        Assert.Equal(10, allowed);
        Assert.Equal(6, replaysWhoeverSendsThem);
        Assert.Equal(14, invalid);
        Assert.Equal(all.Count, allowed + replaysWhoeverSendsThem + invalid);
    }

    [Theory]
    [MemberData(nameof(InvalidPairs))]
    public void EveryPairOutsideTheTableIsRejectedWithTheSessionUnchanged(SessionState state, SessionTrigger trigger)
    {
        var session = InState(state);
        var command = CommandFor(trigger, OtherAgent);

        var outcome = SessionLifecycle.Apply(session, command, Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Same(session, outcome.Session);
        Assert.Null(outcome.Event);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Problem));
    }

    [Theory]
    [MemberData(nameof(IdempotentReplays))]
    public void ReplayingACommandThatAlreadyTookEffectLeavesTheSessionUnchanged(SessionState state, SessionTrigger trigger, string? agent)
    {
        var session = InState(state);
        var command = CommandFor(trigger, agent ?? ControllingAgent, agentRevokes: agent is not null);

        var outcome = SessionLifecycle.Apply(session, command, Now);

        Assert.Equal(TransitionKind.Unchanged, outcome.Kind);
        Assert.Same(session, outcome.Session);
        Assert.Null(outcome.Event);
        Assert.Null(outcome.Problem);
    }

    [Fact]
    public void ApprovingWithoutARequestIsRejected()
    {
        var session = InState(SessionState.ViewOnly);

        var outcome = SessionLifecycle.Apply(session, new ApproveControl(), Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Equal("There is no navigation request to answer.", outcome.Problem);
    }

    [Fact]
    public void ActingBeforeTheCustomerJoinedIsRejectedWithAnExplanation()
    {
        var session = InState(SessionState.Pending);

        var outcome = SessionLifecycle.Apply(session, new RequestControl(ControllingAgent), Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Equal("The customer has not joined the session yet.", outcome.Problem);
    }

    [Fact]
    public void JoiningAnEndedSessionIsRejectedWithTheEndReason()
    {
        var session = InState(SessionState.Ended);

        var outcome = SessionLifecycle.Apply(session, new JoinAsCustomer(), Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Contains(nameof(EndReason.CustomerEnded), outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ADifferentAgentRequestingWhileARequestIsPendingIsRejected()
    {
        var session = InState(SessionState.ControlRequested);

        var outcome = SessionLifecycle.Apply(session, new RequestControl(OtherAgent), Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Same(session, outcome.Session);
        Assert.Equal(ControllingAgent, outcome.Session.ControlAgentId);
        Assert.Equal($"Agent '{ControllingAgent}' has a navigation request waiting for the customer.", outcome.Problem);
    }

    [Fact]
    public void ADifferentAgentRequestingWhileAnotherIsInControlIsRejected()
    {
        var session = InState(SessionState.Control);

        var outcome = SessionLifecycle.Apply(session, new RequestControl(OtherAgent), Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Equal($"Agent '{ControllingAgent}' is in control.", outcome.Problem);
    }

    [Theory]
    [InlineData(SessionState.ControlRequested)]
    [InlineData(SessionState.Control)]
    public void AnAgentWhoIsNotTheControllingAgentCannotRevoke(SessionState state)
    {
        var session = InState(state);

        var outcome = SessionLifecycle.Apply(session, new RevokeControl(Actor.Agent(OtherAgent)), Now);

        Assert.Equal(TransitionKind.Rejected, outcome.Kind);
        Assert.Same(session, outcome.Session);
        Assert.Equal("Only the customer or the controlling agent can revoke control.", outcome.Problem);
    }

    [Theory]
    [InlineData(SessionState.ControlRequested)]
    [InlineData(SessionState.Control)]
    public void TheCustomerCanRevoke(SessionState state)
    {
        var session = InState(state);

        var outcome = SessionLifecycle.Apply(session, new RevokeControl(Actor.Customer), Now);

        Assert.Equal(TransitionKind.Changed, outcome.Kind);
        Assert.Equal(SessionState.ViewOnly, outcome.Session.State);
        Assert.Equal(Actor.Customer, outcome.Event!.Actor);
    }

    [Fact]
    public void RequestingControlRecordsTheRequestingAgent()
    {
        var session = InState(SessionState.ViewOnly);

        var outcome = SessionLifecycle.Apply(session, new RequestControl(OtherAgent), Now);

        Assert.Equal(OtherAgent, outcome.Session.ControlAgentId);
        Assert.Equal(Actor.Agent(OtherAgent), outcome.Event!.Actor);
    }

    [Fact]
    public void ApprovingKeepsTheRequestingAgentInControl()
    {
        var session = InState(SessionState.ControlRequested);

        var outcome = SessionLifecycle.Apply(session, new ApproveControl(), Now);

        Assert.Equal(SessionState.Control, outcome.Session.State);
        Assert.Equal(ControllingAgent, outcome.Session.ControlAgentId);
    }

    [Fact]
    public void DenyingClearsTheControlAgent()
    {
        var session = InState(SessionState.ControlRequested);

        var outcome = SessionLifecycle.Apply(session, new DenyControl(), Now);

        Assert.Equal(SessionState.ViewOnly, outcome.Session.State);
        Assert.Null(outcome.Session.ControlAgentId);
    }

    [Theory]
    [InlineData(SessionState.ControlRequested, false)]
    [InlineData(SessionState.ControlRequested, true)]
    [InlineData(SessionState.Control, false)]
    [InlineData(SessionState.Control, true)]
    public void RevokingClearsTheControlAgent(SessionState state, bool byTheControllingAgent)
    {
        var session = InState(state);
        var command = CommandFor(SessionTrigger.ControlRevoked, ControllingAgent, agentRevokes: byTheControllingAgent);

        var outcome = SessionLifecycle.Apply(session, command, Now);

        Assert.Null(outcome.Session.ControlAgentId);
    }

    [Theory]
    [InlineData(SessionState.ControlRequested)]
    [InlineData(SessionState.Control)]
    public void EndingClearsTheControlAgent(SessionState state)
    {
        var session = InState(state);

        var outcome = SessionLifecycle.Apply(session, EndSession.ByAgent(ControllingAgent), Now);

        Assert.Equal(SessionState.Ended, outcome.Session.State);
        Assert.Null(outcome.Session.ControlAgentId);
    }

    [Fact]
    public void JoiningSetsStartedAtToNowAndNothingElseAboutTheEnd()
    {
        var session = InState(SessionState.Pending);

        var outcome = SessionLifecycle.Apply(session, new JoinAsCustomer(), Now);

        Assert.Equal(Now, outcome.Session.StartedAt);
        Assert.Null(outcome.Session.EndedAt);
        Assert.Null(outcome.Session.EndReason);
        Assert.Null(outcome.Session.EndedBy);
        Assert.Null(outcome.Session.Duration);
        Assert.Equal(session.CreatedAt, outcome.Session.CreatedAt);
    }

    [Theory]
    [InlineData(SessionTrigger.ControlRequested, SessionState.ViewOnly)]
    [InlineData(SessionTrigger.ControlApproved, SessionState.ControlRequested)]
    [InlineData(SessionTrigger.ControlDenied, SessionState.ControlRequested)]
    [InlineData(SessionTrigger.ControlRevoked, SessionState.Control)]
    [InlineData(SessionTrigger.Ended, SessionState.Control)]
    public void LaterTransitionsKeepTheStartTime(SessionTrigger trigger, SessionState from)
    {
        var session = InState(from);

        var outcome = SessionLifecycle.Apply(session, CommandFor(trigger), Now);

        Assert.Equal(StartedAt, outcome.Session.StartedAt);
    }

    [Fact]
    public void EndingAnActiveSessionRecordsWhenWhyByWhomAndHowLong()
    {
        var session = InState(SessionState.Control);
        var command = EndSession.ByAgent(OtherAgent);

        var outcome = SessionLifecycle.Apply(session, command, Now);

        var ended = outcome.Session;
        Assert.Equal(Now, ended.EndedAt);
        Assert.Equal(EndReason.AgentEnded, ended.EndReason);
        Assert.Equal(Actor.Agent(OtherAgent), ended.EndedBy);
        Assert.Equal(TimeSpan.FromMinutes(29), ended.Duration);
        Assert.Equal(Now, outcome.Event!.At);
        Assert.Equal(EndReason.AgentEnded, outcome.Event.EndReason);
        Assert.Equal(TimeSpan.FromMinutes(29), outcome.Event.Duration);
    }

    [Fact]
    public void EndingAPendingSessionHasNoDuration()
    {
        var session = InState(SessionState.Pending);

        var outcome = SessionLifecycle.Apply(session, EndSession.BySystem(EndReason.KeyExpired), Now);

        Assert.Equal(SessionState.Ended, outcome.Session.State);
        Assert.Equal(Now, outcome.Session.EndedAt);
        Assert.Equal(EndReason.KeyExpired, outcome.Session.EndReason);
        Assert.Equal(Actor.System, outcome.Session.EndedBy);
        Assert.Null(outcome.Session.StartedAt);
        Assert.Null(outcome.Session.Duration);
        Assert.Null(outcome.Event!.Duration);
    }

    [Fact]
    public void EventsOtherThanTheEndCarryNoEndDetails()
    {
        var session = InState(SessionState.ViewOnly);

        var outcome = SessionLifecycle.Apply(session, new RequestControl(ControllingAgent), Now);

        Assert.Null(outcome.Event!.EndReason);
        Assert.Null(outcome.Event.Duration);
    }

    [Fact]
    public void EventIdsFollowTheSessionVersionSoReplaysNeverDoubleAnEvent()
    {
        var session = InState(SessionState.ViewOnly);

        var outcome = SessionLifecycle.Apply(session, new RequestControl(ControllingAgent), Now);

        Assert.Equal("s-1.0002", outcome.Event!.EventId);
    }

    [Fact]
    public void AFullSessionWalksThroughTheTableAndCountsEveryStep()
    {
        var session = InState(SessionState.Pending);
        SessionCommand[] script =
        [
            new JoinAsCustomer(),
            new RequestControl(ControllingAgent),
            new ApproveControl(),
            new RevokeControl(Actor.Customer),
            new RequestControl(OtherAgent),
            new DenyControl(),
            EndSession.ByCustomer(),
        ];

        var states = new List<SessionState>();
        foreach (var command in script)
        {
            session = SessionLifecycle.Apply(session, command, Now).Session;
            states.Add(session.State);
        }

        Assert.Equal(
            [SessionState.ViewOnly, SessionState.ControlRequested, SessionState.Control, SessionState.ViewOnly, SessionState.ControlRequested, SessionState.ViewOnly, SessionState.Ended],
            states);
        Assert.Equal(script.Length, session.Version);
    }

    private static List<(SessionState State, SessionTrigger Trigger)> InvalidPairList() =>
    [
        .. AllPairs().Where(pair =>
            !SessionTransitions.All.ContainsKey(pair)
            && !Replays.Any(r => r.State == pair.State && r.Trigger == pair.Trigger && r.Agent is null)),
    ];
}
