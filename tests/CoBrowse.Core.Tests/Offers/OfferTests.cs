using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Offers;

namespace CoBrowse.Core.Tests.Offers;

public class OfferTests
{
    private static readonly DateTimeOffset CreatedAt = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Before = CreatedAt.AddMinutes(1);

    private static readonly Offer Pending = new()
    {
        TenantId = "acme",
        OfferId = "o-1",
        SessionId = "s-1",
        InteractionId = "interaction-1",
        Channel = Channel.WebMessaging,
        OfferedBy = "agent-1",
        CreatedAt = CreatedAt,
        ExpiresAt = CreatedAt + new SessionStartOptions().OfferLifetime,
    };

    [Fact]
    public void OffersLastFiveMinutesByDefault()
    {
        var lifetime = new SessionStartOptions().OfferLifetime;

        Assert.Equal(TimeSpan.FromMinutes(5), lifetime);
    }

    [Theory]
    [InlineData(Channel.Voice, false)]
    [InlineData(Channel.WebMessaging, true)]
    [InlineData(Channel.WebChat, true)]
    public void OffersAreForWebMessagingAndWebChatOnly(Channel channel, bool supported)
    {
        var supports = Offer.SupportsChannel(channel);

        Assert.Equal(supported, supports);
    }

    [Fact]
    public void AcceptingAPendingOfferAnswersIt()
    {
        var answer = Pending.Answer(accept: true, Before);

        Assert.Equal(OfferAnswerKind.Answered, answer.Kind);
        Assert.Equal(OfferStatus.Accepted, answer.Offer.Status);
        Assert.Equal(Before, answer.Offer.AnsweredAt);
        Assert.Equal(Pending with { Status = OfferStatus.Accepted, AnsweredAt = Before }, answer.Offer);
    }

    [Fact]
    public void DecliningAPendingOfferAnswersIt()
    {
        var answer = Pending.Answer(accept: false, Before);

        Assert.Equal(OfferAnswerKind.Answered, answer.Kind);
        Assert.Equal(OfferStatus.Declined, answer.Offer.Status);
        Assert.Equal(Before, answer.Offer.AnsweredAt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RepeatingTheSameAnswerIsAlreadyAnsweredAndChangesNothing(bool accept)
    {
        var answered = Pending.Answer(accept, Before).Offer;

        var again = answered.Answer(accept, Before.AddSeconds(30));

        Assert.Equal(OfferAnswerKind.AlreadyAnswered, again.Kind);
        Assert.Same(answered, again.Offer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheOppositeAnswerIsAConflict(bool firstAccept)
    {
        var answered = Pending.Answer(firstAccept, Before).Offer;

        var opposite = answered.Answer(!firstAccept, Before.AddSeconds(30));

        Assert.Equal(OfferAnswerKind.Conflict, opposite.Kind);
        Assert.Same(answered, opposite.Offer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnsweringExactlyAtExpiresAtIsExpired(bool accept)
    {
        var answer = Pending.Answer(accept, Pending.ExpiresAt);

        Assert.Equal(OfferAnswerKind.Expired, answer.Kind);
        Assert.Same(Pending, answer.Offer);
    }

    [Fact]
    public void AnsweringOneTickBeforeExpiresAtStillCounts()
    {
        var answer = Pending.Answer(accept: true, Pending.ExpiresAt.AddTicks(-1));

        Assert.Equal(OfferAnswerKind.Answered, answer.Kind);
    }

    [Fact]
    public void AnAnswerGivenInTimeStandsAfterTheExpiry()
    {
        var accepted = Pending.Answer(accept: true, Before).Offer;

        var replay = accepted.Answer(accept: true, Pending.ExpiresAt.AddHours(1));

        Assert.Equal(OfferAnswerKind.AlreadyAnswered, replay.Kind);
    }

    [Fact]
    public void AnOfferMarkedExpiredCannotBeAnswered()
    {
        var expired = Pending with { Status = OfferStatus.Expired };

        var answer = expired.Answer(accept: true, Before);

        Assert.Equal(OfferAnswerKind.Expired, answer.Kind);
    }

    [Fact]
    public void StatusAtIsPendingBeforeTheExpiry()
    {
        var status = Pending.StatusAt(Pending.ExpiresAt.AddTicks(-1));

        Assert.Equal(OfferStatus.Pending, status);
    }

    [Fact]
    public void StatusAtIsExpiredFromExpiresAtOn()
    {
        var atExpiry = Pending.StatusAt(Pending.ExpiresAt);
        var later = Pending.StatusAt(Pending.ExpiresAt.AddDays(1));

        Assert.Equal(OfferStatus.Expired, atExpiry);
        Assert.Equal(OfferStatus.Expired, later);
    }

    [Theory]
    [InlineData(OfferStatus.Accepted)]
    [InlineData(OfferStatus.Declined)]
    public void StatusAtKeepsAnAnswerPastTheExpiry(OfferStatus answered)
    {
        var offer = Pending with { Status = answered, AnsweredAt = Before };

        var status = offer.StatusAt(Pending.ExpiresAt.AddHours(1));

        Assert.Equal(answered, status);
    }
}
