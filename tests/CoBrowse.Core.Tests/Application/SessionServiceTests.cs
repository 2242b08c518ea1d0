using CoBrowse.Core.Application;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using CoBrowse.Core.Timeline;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

public class SessionServiceTests
{
    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task ApplyingAChangeStoresItRecordsItsEventAndReportsActivity()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));

        var session = await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new RequestControl(AgentId), _h.Signals, CancellationToken.None);

        Assert.Equal(SessionState.ControlRequested, session.State);
        Assert.Equal(session, _h.Sessions.Stored(TenantId, seeded.SessionId));
        var recorded = Assert.Single(_h.Timeline.Events);
        Assert.Equal(TimelineEventType.ControlRequested, recorded.Type);
        Assert.Equal(seeded.Version + 1, recorded.SessionVersion);
        Assert.Equal(new ActivitySignal(TenantId, seeded.SessionId, _h.Now), Assert.Single(_h.Signals.Calls));
    }

    [Fact]
    public async Task ApplyRetriesAfterLosingARaceAndRecordsExactlyOneEventPerChange()
    {
        var seeded = _h.SeedSession(SessionState.Pending);
        _h.Sessions.SimulateConcurrentWriteOnNextReplace(
            current => SessionLifecycle.Apply(current, new JoinAsCustomer(), _h.Now).Session);

        var session = await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, EndSession.ByAgent(AgentId), _h.Signals, CancellationToken.None);

        Assert.Equal(2, _h.Sessions.ReplaceAttempts);
        Assert.Equal(SessionState.Ended, session.State);
        Assert.Equal(2, session.Version);
        Assert.Equal(_h.Now, session.StartedAt);
        Assert.Equal(session, _h.Sessions.Stored(TenantId, seeded.SessionId));
        Assert.Equal(1, _h.Timeline.RecordCalls);
        var ended = Assert.Single(_h.Timeline.Events);
        Assert.Equal(TimelineEventType.SessionEnded, ended.Type);
        Assert.Equal(2, ended.SessionVersion);
        Assert.Equal(TimeSpan.Zero, ended.Duration);
        Assert.IsType<SessionEndedSignal>(Assert.Single(_h.Signals.Calls));
    }

    [Fact]
    public async Task WhenTheRaceWinnerDidTheSameThingTheRetryIsANoOp()
    {
        var seeded = _h.SeedSession(SessionState.Pending);
        _h.Sessions.SimulateConcurrentWriteOnNextReplace(
            current => SessionLifecycle.Apply(current, new JoinAsCustomer(), _h.Now).Session);

        var session = await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new JoinAsCustomer(), _h.Signals, CancellationToken.None);

        Assert.Equal(SessionState.ViewOnly, session.State);
        Assert.Equal(1, session.Version);
        Assert.Equal(1, _h.Sessions.ReplaceAttempts);
        Assert.Equal(0, _h.Timeline.RecordCalls);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task WhenTheRaceWinnerMadeTheCommandInvalidTheRetryIsRejected()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        _h.Sessions.SimulateConcurrentWriteOnNextReplace(
            current => SessionLifecycle.Apply(current, new RequestControl("agent-2"), _h.Now).Session);

        var problem = await ProblemAsync(() => _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new RequestControl(AgentId), _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal("agent-2", _h.Sessions.Stored(TenantId, seeded.SessionId).ControlAgentId);
        Assert.Equal(0, _h.Timeline.RecordCalls);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task ApplyGivesUpWithAConflictWhenEveryWriteLosesTheRace()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        _h.Sessions.SimulateConcurrentWriteOnEveryReplace(current => current with { UpdatedAt = current.UpdatedAt.AddTicks(1) });

        var problem = await ProblemAsync(() => _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new RequestControl(AgentId), _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal(8, _h.Sessions.ReplaceAttempts);
        Assert.Equal(SessionState.ViewOnly, _h.Sessions.Stored(TenantId, seeded.SessionId).State);
        Assert.Equal(0, _h.Timeline.RecordCalls);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task AnInvalidTransitionIsAConflictAndChangesNothing()
    {
        var seeded = _h.SeedSession(SessionState.Pending);
        var before = _h.Sessions.Find(TenantId, seeded.SessionId);

        var problem = await ProblemAsync(() => _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new ApproveControl(), _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal("The customer has not joined the session yet.", problem.Message);
        Assert.Equal(before, _h.Sessions.Find(TenantId, seeded.SessionId));
        Assert.Equal(0, _h.Sessions.ReplaceAttempts);
        Assert.Equal(0, _h.Timeline.RecordCalls);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task ARepeatedCommandReturnsTheSessionWithoutWritingOrSignalling()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        var session = await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new JoinAsCustomer(), _h.Signals, CancellationToken.None);

        Assert.Equal(seeded, session);
        Assert.Equal(0, _h.Sessions.ReplaceAttempts);
        Assert.Equal(0, _h.Timeline.RecordCalls);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task EndingTwiceLeavesOneEndEventAndSignalsTheEndOnce()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, EndSession.ByCustomer(), _h.Signals, CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromSeconds(5));

        var session = await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, EndSession.ByAgent(AgentId), _h.Signals, CancellationToken.None);

        Assert.Equal(EndReason.CustomerEnded, session.EndReason);
        var ended = Assert.Single(_h.Timeline.Events);
        Assert.Equal(TimelineEventType.SessionEnded, ended.Type);
        Assert.Equal(Actor.Customer, ended.Actor);
        Assert.IsType<SessionEndedSignal>(Assert.Single(_h.Signals.Calls));
    }

    [Fact]
    public async Task RepeatingAnEndRecordsTheEndEventThatAnEarlierAttemptMissed()
    {
        var ended = _h.SeedSession(SessionState.Ended) with
        {
            EndedAt = Start.AddMinutes(2),
            UpdatedAt = Start.AddMinutes(2),
            EndReason = EndReason.Inactivity,
            EndedBy = Actor.System,
            Version = 2,
        };
        _h.Sessions.Seed(ended);

        await _h.SessionService.ApplyAsync(TenantId, ended.SessionId, EndSession.BySystem(EndReason.Inactivity), _h.Signals, CancellationToken.None);

        var repaired = Assert.Single(_h.Timeline.Events);
        Assert.Equal(TimelineEventType.SessionEnded, repaired.Type);
        Assert.Equal(Actor.System, repaired.Actor);
        Assert.Equal(2, repaired.SessionVersion);
        Assert.Equal(Start.AddMinutes(2), repaired.At);
        Assert.Equal(TimeSpan.FromMinutes(2), repaired.Duration);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task ApplyingToAnUnknownSessionIsNotFound()
    {
        var problem = await ProblemAsync(() => _h.SessionService.ApplyAsync(TenantId, "s-missing", new JoinAsCustomer(), _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Fact]
    public async Task ApplyingInAnotherTenantDoesNotFindTheSession()
    {
        var seeded = _h.SeedSession(SessionState.Pending);

        var problem = await ProblemAsync(() => _h.SessionService.ApplyAsync("other-tenant", seeded.SessionId, new JoinAsCustomer(), _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
        Assert.Equal(SessionState.Pending, _h.Sessions.Stored(TenantId, seeded.SessionId).State);
    }

    [Fact]
    public async Task ControlChangesCountAsActivityAtTheTimeOfTheChange()
    {
        var seeded = _h.SeedSession(SessionState.ControlRequested);
        _h.Clock.Advance(TimeSpan.FromMinutes(7));

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new ApproveControl(), _h.Signals, CancellationToken.None);

        Assert.Equal(new ActivitySignal(TenantId, seeded.SessionId, Start.AddMinutes(7)), Assert.Single(_h.Signals.Calls));
    }

    [Fact]
    public async Task ACustomerGetsTheirOwnSession()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        var session = await _h.SessionService.GetForAsync(new CustomerPrincipal(TenantId, seeded.SessionId), seeded.SessionId, CancellationToken.None);

        Assert.Equal(seeded, session);
    }

    [Fact]
    public async Task ACustomerOfAnotherSessionIsForbidden()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        var otherCustomer = new CustomerPrincipal(TenantId, "s-other");

        var problem = await ProblemAsync(() => _h.SessionService.GetForAsync(otherCustomer, seeded.SessionId, CancellationToken.None));

        Assert.Equal(ProblemKind.Forbidden, problem.Kind);
    }

    [Fact]
    public async Task AnAgentOfTheTenantGetsAnySessionOfIt()
    {
        var seeded = _h.SeedSession(SessionState.Control);

        var session = await _h.SessionService.GetForAsync(_h.Agent, seeded.SessionId, CancellationToken.None);

        Assert.Equal(seeded, session);
    }

    [Fact]
    public async Task AnAgentOfAnotherTenantDoesNotFindTheSession()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        var outsider = _h.Agent with { TenantId = "globex" };

        var problem = await ProblemAsync(() => _h.SessionService.GetForAsync(outsider, seeded.SessionId, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Fact]
    public async Task GettingAnUnknownSessionIsNotFound()
    {
        var problem = await ProblemAsync(() => _h.SessionService.GetForAsync(_h.Agent, "s-missing", CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }
}
