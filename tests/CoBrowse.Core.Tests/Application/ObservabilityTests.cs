using CoBrowse.Core.Application;
using CoBrowse.Core.Observability;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

/// <summary>
/// The services tell the observer about each decided transition exactly once (not about replays, lost races or
/// refusals), and about each wrong key with the tenant's running count: what logs and metrics count.
/// </summary>
public class ObservabilityTests
{
    private readonly ServiceHarness _h = new();
    private readonly RecordingObserver _observer = new();
    private readonly SessionService _sessions;
    private readonly SecurityKeyService _keys;
    private readonly OfferService _offers;

    public ObservabilityTests()
    {
        _sessions = new SessionService(_h.Sessions, _h.Timeline, _h.Realtime, _h.States, _h.Clock, NullLogger<SessionService>.Instance, _observer);
        var guesses = new KeyGuessLimiter(_h.Attempts, _h.GuessLedger, _h.Limits, _observer);
        _keys = new SecurityKeyService(_h.Keys, _h.Sessions, _h.Timeline, guesses, _h.TenantService, _sessions, _h.Tokens, _h.Clock, _h.StartOptions, _observer);
        _offers = new OfferService(_h.Offers, _h.Sessions, _h.Timeline, _h.TenantService, _sessions, _h.Tokens, _h.Clock, _h.StartOptions, _observer);
    }

    [Fact]
    public async Task EachTransitionIsObservedOnceWithItsBeforeAndAfterAndReplaysAreNot()
    {
        var seeded = _h.SeedSession(SessionState.ViewOnly);

        await Apply(seeded.SessionId, new RequestControl(AgentId));
        await Apply(seeded.SessionId, new ApproveControl());
        await Apply(seeded.SessionId, EndSession.ByCustomer());
        await Apply(seeded.SessionId, EndSession.ByCustomer()); // a repeated end changes nothing
        await Assert.ThrowsAsync<CoBrowseProblemException>(() => Apply(seeded.SessionId, new ApproveControl())); // refused

        Assert.Equal(
            [(SessionState.ViewOnly, SessionState.ControlRequested, SessionTrigger.ControlRequested, ActorKind.Agent),
             (SessionState.ControlRequested, SessionState.Control, SessionTrigger.ControlApproved, ActorKind.Customer),
             (SessionState.Control, SessionState.Ended, SessionTrigger.Ended, ActorKind.Customer)],
            _observer.Transitions.Select(t => (t.Before.State, t.After.State, t.Change, t.By.Kind)));
        Assert.Equal(EndReason.CustomerEnded, _observer.Transitions[^1].After.EndReason);
    }

    [Fact]
    public async Task ALostRaceIsObservedOnceForTheWriteThatWon()
    {
        var seeded = _h.SeedSession(SessionState.Pending);
        _h.Sessions.SimulateConcurrentWriteOnNextReplace(current => SessionLifecycle.Apply(current, new JoinAsCustomer(), _h.Now).Session);

        await Apply(seeded.SessionId, EndSession.ByAgent(AgentId));

        var observed = Assert.Single(_observer.Transitions);
        Assert.Equal((SessionState.ViewOnly, SessionState.Ended), (observed.Before.State, observed.After.State));
    }

    [Fact]
    public async Task WrongKeysAreObservedWithTheTenantsRunningCountAndTheRightKeyAsAStart()
    {
        var issued = await _keys.IssueAsync(_h.Agent, InteractionId, null, _h.Signals, CancellationToken.None);
        var wrong = ((int.Parse(issued.Key.Code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await Assert.ThrowsAsync<CoBrowseProblemException>(() => _keys.RedeemAsync(SiteKey, Origin, wrong, $"192.0.2.{attempt}", _h.Signals, CancellationToken.None));
        }

        await _keys.RedeemAsync(SiteKey, Origin, issued.Key.Code, "192.0.2.9", _h.Signals, CancellationToken.None);

        Assert.Equal([(TenantId, 1L), (TenantId, 2L)], _observer.Rejections);
        var started = Assert.Single(_observer.Transitions);
        Assert.Equal(SessionTrigger.CustomerJoined, started.Change);
        Assert.Equal(issued.Session.SessionId, started.After.SessionId);
    }

    [Fact]
    public async Task KeysAndOffersAreObservedAsCreatedSessionsAndAnAcceptedOfferAsAStart()
    {
        var key = await _keys.IssueAsync(_h.Agent, InteractionId, null, _h.Signals, CancellationToken.None);
        var offer = await _offers.CreateAsync(_h.Agent, "chat-1", CoBrowse.Core.Channels.Channel.WebChat, null, _h.Signals, CancellationToken.None);
        await _offers.AnswerAsync(SiteKey, Origin, offer.Offer.OfferId, accept: true, _h.Signals, CancellationToken.None);

        Assert.Equal([key.Session.SessionId, offer.Session.SessionId], _observer.CreatedSessions.Select(s => s.SessionId));
        Assert.All(_observer.CreatedSessions, s => Assert.Equal(SessionState.Pending, s.State));
        var started = Assert.Single(_observer.Transitions);
        Assert.Equal((offer.Session.SessionId, SessionTrigger.CustomerJoined), (started.After.SessionId, started.Change));
    }

    private Task<Session> Apply(string sessionId, SessionCommand command) =>
        _sessions.ApplyAsync(TenantId, sessionId, command, _h.Signals, CancellationToken.None);

    private sealed class RecordingObserver : ISessionObserver
    {
        public List<(Session Before, Session After, SessionTrigger Change, Actor By)> Transitions { get; } = [];

        public List<(string TenantId, long Failures)> Rejections { get; } = [];

        public void Transitioned(Session before, Session after, SessionTrigger change, Actor by) => Transitions.Add((before, after, change, by));

        public List<Session> CreatedSessions { get; } = [];

        public void Created(Session session) => CreatedSessions.Add(session);

        public void SecurityKeyRejected(string tenantId, long tenantFailures) => Rejections.Add((tenantId, tenantFailures));
    }
}
