using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

/// <summary>Every transition publishes one state frame: after permissions change, before an end closes the connections.</summary>
public class SessionStatePublishTests
{
    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task EachTransitionPublishesItsChangeActorAndVersionInOrder()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await Apply(seeded, new RequestControl("agent-7"));
        await Apply(seeded, new ApproveControl());
        await Apply(seeded, new RevokeControl(Actor.Customer));
        await Apply(seeded, new RequestControl("agent-7"));
        await Apply(seeded, new DenyControl());
        await Apply(seeded, EndSession.ByAgent("agent-7"));

        Assert.Equal(
            [SessionTrigger.ControlRequested, SessionTrigger.ControlApproved, SessionTrigger.ControlRevoked, SessionTrigger.ControlRequested, SessionTrigger.ControlDenied, SessionTrigger.Ended],
            _h.States.Published.Select(p => p.Change));
        Assert.Equal([2, 3, 4, 5, 6, 7], _h.States.Published.Select(p => p.Session.Version));
        Assert.Equal(["agent-7", "agent-7", null, "agent-7", null, null], _h.States.Published.Select(p => p.Session.ControlAgentId));
        Assert.Equal([Actor.Agent("agent-7"), Actor.Customer, Actor.Customer, Actor.Agent("agent-7"), Actor.Customer, Actor.Agent("agent-7")], _h.States.Published.Select(p => p.By));
        Assert.Equal(EndReason.AgentEnded, _h.States.Published[^1].Session.EndReason);
    }

    [Fact]
    public async Task ApprovalGrantsBeforePublishingSoTheAgentCanActOnTheFrame()
    {
        var seeded = _h.SeedSession(SessionState.ControlRequested, "agent-9");

        await Apply(seeded, new ApproveControl());

        var published = Assert.Single(_h.States.Published);
        Assert.Equal(1, published.RealtimeCallsBefore);
        Assert.Equal(RealtimeCallKind.Grant, _h.Realtime.Calls[0].Kind);
    }

    [Fact]
    public async Task AnEndIsPublishedBeforeTheConnectionsAreClosed()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await Apply(seeded, EndSession.BySystem(EndReason.Inactivity));

        var published = Assert.Single(_h.States.Published);
        Assert.Equal(0, published.RealtimeCallsBefore);
        Assert.Equal(RealtimeCallKind.Close, Assert.Single(_h.Realtime.Calls).Kind);
        Assert.Equal(Actor.System, published.By);
        Assert.Equal(EndReason.Inactivity, published.Session.EndReason);
    }

    [Fact]
    public async Task TheCustomerJoiningIsPublished()
    {
        var seeded = _h.SeedSession(SessionState.Pending);

        await Apply(seeded, new JoinAsCustomer());

        var published = Assert.Single(_h.States.Published);
        Assert.Equal((SessionTrigger.CustomerJoined, SessionState.ViewOnly, Actor.Customer), (published.Change, published.Session.State, published.By));
    }

    [Fact]
    public async Task AReplayedEndPublishesTheOriginalEndAgainButOtherReplaysPublishNothing()
    {
        var seeded = _h.SeedSession(SessionState.Control);
        await Apply(seeded, new ApproveControl());
        Assert.Empty(_h.States.Published);

        await Apply(seeded, EndSession.ByCustomer());
        await Apply(seeded, EndSession.BySystem(EndReason.InteractionEnded));

        Assert.Equal(2, _h.States.Published.Count);
        Assert.All(_h.States.Published, p => Assert.Equal((SessionTrigger.Ended, Actor.Customer, EndReason.CustomerEnded), (p.Change, p.By, p.Session.EndReason)));
    }

    [Fact]
    public async Task ARejectedTransitionPublishesNothingAndAFailedPublishKeepsTheTransition()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);
        await ProblemAsync(() => Apply(seeded, new ApproveControl()));
        Assert.Empty(_h.States.Published);
        _h.States.Fail = true;

        var ended = await Apply(seeded, EndSession.ByCustomer());

        Assert.Equal(SessionState.Ended, ended.State);
        Assert.Equal(SessionState.Ended, _h.Sessions.Stored(TenantId, seeded.SessionId).State);
        Assert.Equal(RealtimeCallKind.Close, Assert.Single(_h.Realtime.Calls).Kind);
    }

    private Task<Session> Apply(Session seeded, SessionCommand command) =>
        _h.SessionService.ApplyAsync(TenantId, seeded.SessionId, command, _h.Signals, CancellationToken.None);
}
