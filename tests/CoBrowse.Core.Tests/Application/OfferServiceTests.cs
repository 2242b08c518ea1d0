using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Offers;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using CoBrowse.Core.Timeline;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

public class OfferServiceTests
{
    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task OfferingOnAVoiceCallIsABadRequest()
    {
        var problem = await ProblemAsync(() => CreateAsync(Channel.Voice));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
        Assert.Empty(_h.Sessions.All);
        Assert.Empty(_h.Offers.All);
        Assert.Empty(_h.Signals.Calls);
    }

    [Theory]
    [InlineData(Channel.WebMessaging, 120)]
    [InlineData(Channel.WebChat, 900)]
    public async Task OfferingCreatesAPendingSessionAndAnOfferForFiveMinutes(Channel channel, int inactivitySeconds)
    {
        var created = await CreateAsync(channel);

        Assert.Equal(SessionState.Pending, created.Session.State);
        Assert.Equal(channel, created.Session.Channel);
        Assert.Equal("contact-1", created.Session.ExternalContactId);
        Assert.Equal(created.Session.SessionId, created.Offer.SessionId);
        Assert.Equal(OfferStatus.Pending, created.Offer.Status);
        Assert.Equal(_h.Now + TimeSpan.FromMinutes(5), created.Offer.ExpiresAt);
        Assert.Equal(created.Offer, _h.Offers.Stored(TenantId, created.Offer.OfferId));
        Assert.Equal(created.Session, _h.Sessions.Stored(TenantId, created.Session.SessionId));
        Assert.Equal(TimelineEventType.Offered, Assert.Single(_h.Timeline.Events).Type);
        var signal = Assert.IsType<SessionCreatedSignal>(Assert.Single(_h.Signals.Calls));
        Assert.Equal(EndReason.OfferExpired, signal.ExpiryReason);
        Assert.Equal(created.Offer.ExpiresAt, signal.ExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(inactivitySeconds), signal.InactivityTimeout);
    }

    [Fact]
    public async Task AcceptingStartsTheSessionAndHandsTheCustomerAToken()
    {
        var created = await CreateAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(1));

        var answered = await AnswerAsync(created.Offer.OfferId, accept: true);

        Assert.Equal(SessionState.ViewOnly, answered.Session.State);
        Assert.Equal(_h.Now, answered.Session.StartedAt);
        Assert.Equal(OfferStatus.Accepted, answered.Offer.Status);
        Assert.Equal(OfferStatus.Accepted, _h.Offers.Stored(TenantId, created.Offer.OfferId).Status);
        Assert.NotNull(answered.CustomerToken);
        Assert.Equal(new CustomerPrincipal(TenantId, created.Session.SessionId), Assert.Single(_h.Tokens.CustomerTokens));
        Assert.IsType<CustomerJoinedSignal>(_h.Signals.Calls[^1]);
    }

    [Fact]
    public async Task DecliningEndsTheSessionWithoutAToken()
    {
        var created = await CreateAsync();

        var answered = await AnswerAsync(created.Offer.OfferId, accept: false);

        Assert.Equal(SessionState.Ended, answered.Session.State);
        Assert.Equal(EndReason.OfferDeclined, answered.Session.EndReason);
        Assert.Equal(Actor.Customer, answered.Session.EndedBy);
        Assert.Equal(OfferStatus.Declined, _h.Offers.Stored(TenantId, created.Offer.OfferId).Status);
        Assert.Null(answered.CustomerToken);
        Assert.Empty(_h.Tokens.CustomerTokens);
        Assert.IsType<SessionEndedSignal>(_h.Signals.Calls[^1]);
        Assert.Equal(TimelineEventType.SessionEnded, _h.Timeline.Events[^1].Type);
    }

    [Fact]
    public async Task AcceptingTwiceIsAConflict()
    {
        var created = await CreateAsync();
        await AnswerAsync(created.Offer.OfferId, accept: true);

        var problem = await ProblemAsync(() => AnswerAsync(created.Offer.OfferId, accept: true));

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Single(_h.Tokens.CustomerTokens);
    }

    [Fact]
    public async Task DecliningTwiceIsHarmless()
    {
        var created = await CreateAsync();
        await AnswerAsync(created.Offer.OfferId, accept: false);

        var again = await AnswerAsync(created.Offer.OfferId, accept: false);

        Assert.Equal(SessionState.Ended, again.Session.State);
        Assert.Single(_h.Signals.OfType<SessionEndedSignal>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChangingTheAnswerIsAConflict(bool firstAccept)
    {
        var created = await CreateAsync();
        var first = await AnswerAsync(created.Offer.OfferId, firstAccept);

        var problem = await ProblemAsync(() => AnswerAsync(created.Offer.OfferId, !firstAccept));

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal(first.Session, _h.Sessions.Stored(TenantId, created.Session.SessionId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnsweringAnExpiredOfferIsGone(bool accept)
    {
        var created = await CreateAsync();
        _h.Clock.Advance(_h.StartOptions.OfferLifetime);

        var problem = await ProblemAsync(() => AnswerAsync(created.Offer.OfferId, accept));

        Assert.Equal(ProblemKind.Gone, problem.Kind);
        Assert.Equal(SessionState.Pending, _h.Sessions.Stored(TenantId, created.Session.SessionId).State);
        Assert.Equal(OfferStatus.Pending, _h.Offers.Stored(TenantId, created.Offer.OfferId).Status);
    }

    [Fact]
    public async Task AnsweringAnUnknownOfferIsNotFound()
    {
        var problem = await ProblemAsync(() => AnswerAsync("o-unknown", accept: true));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Fact]
    public async Task AnsweringFromAnOriginTheTenantDoesNotAllowIsForbidden()
    {
        var created = await CreateAsync();

        var problem = await ProblemAsync(() => _h.OfferService.AnswerAsync(SiteKey, "https://evil.example", created.Offer.OfferId, true, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Forbidden, problem.Kind);
        Assert.Equal(OfferStatus.Pending, _h.Offers.Stored(TenantId, created.Offer.OfferId).Status);
    }

    [Fact]
    public async Task AnsweringAfterTheAgentEndedTheSessionIsGoneAndLeavesTheOfferUnanswered()
    {
        var created = await CreateAsync();
        await _h.SessionService.ApplyAsync(TenantId, created.Session.SessionId, EndSession.ByAgent(AgentId), _h.Signals, CancellationToken.None);

        var problem = await ProblemAsync(() => AnswerAsync(created.Offer.OfferId, accept: true));

        Assert.Equal(ProblemKind.Gone, problem.Kind);
        Assert.Empty(_h.Tokens.CustomerTokens);
        Assert.Equal(OfferStatus.Pending, (await _h.Offers.GetAsync(TenantId, created.Offer.OfferId, CancellationToken.None))!.Value.Status);
    }

    [Fact]
    public async Task OfferingForAnUnknownTenantIsNotFound()
    {
        var stranger = _h.Agent with { TenantId = "globex" };

        var problem = await ProblemAsync(() => _h.OfferService.CreateAsync(stranger, InteractionId, Channel.WebChat, null, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Fact]
    public async Task OfferingWithABadContactIdIsABadRequest()
    {
        var problem = await ProblemAsync(() => _h.OfferService.CreateAsync(_h.Agent, InteractionId, Channel.WebChat, "a|b", _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    private Task<CreatedOffer> CreateAsync(Channel channel = Channel.WebMessaging) =>
        _h.OfferService.CreateAsync(_h.Agent, InteractionId, channel, "contact-1", _h.Signals, CancellationToken.None);

    private Task<AnsweredOffer> AnswerAsync(string offerId, bool accept) =>
        _h.OfferService.AnswerAsync(SiteKey, Origin, offerId, accept, _h.Signals, CancellationToken.None);
}
