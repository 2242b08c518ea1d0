using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

public class SessionRealtimeTests
{
    private readonly ServiceHarness _h = new();

    private IEnumerable<RealtimeCallKind> Kinds => _h.Realtime.Calls.Select(c => c.Kind);

    [Fact]
    public async Task ApprovingControlGrantsItToTheControllingAgent()
    {
        var seeded = _h.SeedSession(SessionState.ControlRequested, "agent-9");

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new ApproveControl(), _h.Signals, CancellationToken.None);

        var call = Assert.Single(_h.Realtime.Calls);
        Assert.Equal(RealtimeCallKind.Grant, call.Kind);
        Assert.Equal(SessionState.Control, call.Session.State);
        Assert.Equal("agent-9", call.Session.ControlAgentId);
    }

    [Fact]
    public async Task RevokingControlRevokesItFromTheSessionsAgents()
    {
        var seeded = _h.SeedSession(SessionState.Control);

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new RevokeControl(Actor.Customer), _h.Signals, CancellationToken.None);

        Assert.Equal([RealtimeCallKind.Revoke], Kinds);
    }

    [Fact]
    public async Task DenyingARequestRevokesAndNeverGrants()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new RequestControl(AgentId), _h.Signals, CancellationToken.None);
        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new DenyControl(), _h.Signals, CancellationToken.None);

        Assert.DoesNotContain(RealtimeCallKind.Grant, Kinds);
        Assert.Equal([RealtimeCallKind.Revoke], Kinds);
    }

    [Fact]
    public async Task EndingAViewOnlySessionClosesItsConnections()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, EndSession.ByCustomer(), _h.Signals, CancellationToken.None);

        var call = Assert.Single(_h.Realtime.Calls);
        Assert.Equal(RealtimeCallKind.Close, call.Kind);
        Assert.Equal(EndReason.CustomerEnded, call.Session.EndReason);
    }

    [Fact]
    public async Task EndingDuringControlRevokesControlThenClosesTheConnections()
    {
        var seeded = _h.SeedSession(SessionState.Control);

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, EndSession.ByAgent(AgentId), _h.Signals, CancellationToken.None);

        Assert.Equal([RealtimeCallKind.Revoke, RealtimeCallKind.Close], Kinds);
    }

    [Fact]
    public async Task RequestingControlAloneHasNoRealtimeEffect()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new RequestControl(AgentId), _h.Signals, CancellationToken.None);

        Assert.Empty(_h.Realtime.Calls);
    }

    [Fact]
    public async Task RepeatingAnApprovalGrantsAgainInCaseTheFirstGrantFailed()
    {
        var seeded = _h.SeedSession(SessionState.Control);

        await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new ApproveControl(), _h.Signals, CancellationToken.None);

        Assert.Equal([RealtimeCallKind.Grant], Kinds);
    }

    [Fact]
    public async Task ARejectedTransitionHasNoRealtimeEffect()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await ProblemAsync(() => _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, new ApproveControl(), _h.Signals, CancellationToken.None));

        Assert.Empty(_h.Realtime.Calls);
    }

    [Fact]
    public async Task ARealtimeFailureNeitherUndoesNorBlocksTheTransition()
    {
        var seeded = _h.SeedSession(SessionState.Control);
        _h.Realtime.Fail = true;

        var session = await _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, EndSession.ByCustomer(), _h.Signals, CancellationToken.None);

        Assert.Equal(SessionState.Ended, session.State);
        Assert.Equal(SessionState.Ended, _h.Sessions.Stored(TenantId, seeded.SessionId).State);
        Assert.IsType<SessionEndedSignal>(Assert.Single(_h.Signals.Calls));
        Assert.Single(_h.Timeline.Events);
        Assert.Equal([RealtimeCallKind.Revoke, RealtimeCallKind.Close], Kinds);
    }
}
