using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;
using static CoBrowse.Core.Tests.Sessions.TestSessions;

namespace CoBrowse.Core.Tests.Sessions;

public class SessionTransitionsTests
{
    public static TheoryData<SessionState, SessionTrigger, SessionState> AllowedTransitions()
    {
        var data = new TheoryData<SessionState, SessionTrigger, SessionState>();
        foreach (var ((from, trigger), to) in SessionTransitions.All)
        {
            data.Add(from, trigger, to);
        }

        return data;
    }

    [Fact]
    public void TheTableListsExactlyTheDocumentedTransitions()
    {
        var expected = new Dictionary<(SessionState, SessionTrigger), SessionState>
        {
            [(SessionState.Pending, SessionTrigger.CustomerJoined)] = SessionState.ViewOnly,
            [(SessionState.Pending, SessionTrigger.Ended)] = SessionState.Ended,
            [(SessionState.ViewOnly, SessionTrigger.ControlRequested)] = SessionState.ControlRequested,
            [(SessionState.ViewOnly, SessionTrigger.Ended)] = SessionState.Ended,
            [(SessionState.ControlRequested, SessionTrigger.ControlApproved)] = SessionState.Control,
            [(SessionState.ControlRequested, SessionTrigger.ControlDenied)] = SessionState.ViewOnly,
            [(SessionState.ControlRequested, SessionTrigger.ControlRevoked)] = SessionState.ViewOnly,
            [(SessionState.ControlRequested, SessionTrigger.Ended)] = SessionState.Ended,
            [(SessionState.Control, SessionTrigger.ControlRevoked)] = SessionState.ViewOnly,
            [(SessionState.Control, SessionTrigger.Ended)] = SessionState.Ended,
        };

        var actual = SessionTransitions.All;

        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }

    [Fact]
    public void NothingLeavesTheEndedState()
    {
        var fromEnded = SessionTransitions.All.Keys.Where(key => key.From == SessionState.Ended);

        Assert.Empty(fromEnded);
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void NextReturnsTheTargetOfEveryListedTransition(SessionState from, SessionTrigger trigger, SessionState to)
    {
        var next = SessionTransitions.Next(from, trigger);

        Assert.Equal(to, next);
    }

    [Fact]
    public void NextReturnsNullForEveryUnlistedPair()
    {
        var unlisted = AllPairs().Where(pair => !SessionTransitions.All.ContainsKey(pair)).ToList();

        var nexts = unlisted.Select(pair => SessionTransitions.Next(pair.State, pair.Trigger));

        Assert.Equal(20, unlisted.Count);
        Assert.All(nexts, next => Assert.Null(next));
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void EveryAllowedTransitionProducesItsTargetStateBumpsTheVersionAndRecordsTheEvent(SessionState from, SessionTrigger trigger, SessionState to)
    {
        var session = InState(from);
        var command = CommandFor(trigger);

        var outcome = SessionLifecycle.Apply(session, command, Now);

        Assert.Equal(TransitionKind.Changed, outcome.Kind);
        Assert.Null(outcome.Problem);
        Assert.Equal(to, outcome.Session.State);
        Assert.Equal(session.Version + 1, outcome.Session.Version);
        Assert.Equal(Now, outcome.Session.UpdatedAt);
        var recorded = outcome.Event!;
        Assert.Equal(ExpectedEventType(trigger), recorded.Type);
        Assert.Equal(command.Actor, recorded.Actor);
        Assert.Equal(outcome.Session.Version, recorded.SessionVersion);
        Assert.Equal(Now, recorded.At);
        Assert.Equal(session.SessionId, recorded.SessionId);
        Assert.Equal(session.InteractionId, recorded.InteractionId);
        Assert.Equal(session.TenantId, recorded.TenantId);
        Assert.Equal(session.Channel, recorded.Channel);
    }

    [Theory]
    [InlineData(SessionState.ControlRequested)]
    [InlineData(SessionState.Control)]
    public void TheControllingAgentMayRevokeAndIsRecordedAsTheActor(SessionState from)
    {
        var session = InState(from);
        var command = CommandFor(SessionTrigger.ControlRevoked, ControllingAgent, agentRevokes: true);

        var outcome = SessionLifecycle.Apply(session, command, Now);

        Assert.Equal(TransitionKind.Changed, outcome.Kind);
        Assert.Equal(SessionState.ViewOnly, outcome.Session.State);
        Assert.Equal(TimelineEventType.ControlRevoked, outcome.Event!.Type);
        Assert.Equal(Actor.Agent(ControllingAgent), outcome.Event.Actor);
    }

    [Fact]
    public void ASystemEndRecordsTheSystemAsTheActor()
    {
        var session = InState(SessionState.ViewOnly);

        var outcome = SessionLifecycle.Apply(session, EndSession.BySystem(EndReason.Inactivity), Now);

        Assert.Equal(Actor.System, outcome.Event!.Actor);
        Assert.Equal(Actor.System, outcome.Session.EndedBy);
        Assert.Equal(EndReason.Inactivity, outcome.Event.EndReason);
    }

    private static TimelineEventType ExpectedEventType(SessionTrigger trigger) => trigger switch
    {
        SessionTrigger.CustomerJoined => TimelineEventType.SessionStarted,
        SessionTrigger.ControlRequested => TimelineEventType.ControlRequested,
        SessionTrigger.ControlApproved => TimelineEventType.ControlGranted,
        SessionTrigger.ControlDenied => TimelineEventType.ControlDenied,
        SessionTrigger.ControlRevoked => TimelineEventType.ControlRevoked,
        SessionTrigger.Ended => TimelineEventType.SessionEnded,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, null),
    };
}
