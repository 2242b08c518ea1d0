using CoBrowse.Core.Channels;

namespace CoBrowse.Core.Offers;

public enum OfferStatus
{
    Pending,
    Accepted,
    Declined,
    Expired,
}

/// <summary>An invitation to share, posted in a messaging or chat conversation; the customer accepts or declines it.</summary>
public sealed record Offer
{
    public required string TenantId { get; init; }

    /// <summary>Unguessable: holding the id (and the site key) is what lets a page accept.</summary>
    public required string OfferId { get; init; }

    public required string SessionId { get; init; }

    public required string InteractionId { get; init; }

    public required Channel Channel { get; init; }

    public required string OfferedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public OfferStatus Status { get; init; } = OfferStatus.Pending;

    public DateTimeOffset? AnsweredAt { get; init; }

    public static bool SupportsChannel(Channel channel) => channel is Channel.WebMessaging or Channel.WebChat;

    /// <summary>The status as of <paramref name="now"/>: a pending offer past its expiry counts as expired.</summary>
    public OfferStatus StatusAt(DateTimeOffset now) =>
        Status == OfferStatus.Pending && now >= ExpiresAt ? OfferStatus.Expired : Status;

    public OfferAnswer Answer(bool accept, DateTimeOffset now)
    {
        var target = accept ? OfferStatus.Accepted : OfferStatus.Declined;
        return StatusAt(now) switch
        {
            OfferStatus.Pending => new OfferAnswer(OfferAnswerKind.Answered, this with { Status = target, AnsweredAt = now }),
            var current when current == target => new OfferAnswer(OfferAnswerKind.AlreadyAnswered, this),
            OfferStatus.Expired => new OfferAnswer(OfferAnswerKind.Expired, this),
            _ => new OfferAnswer(OfferAnswerKind.Conflict, this),
        };
    }
}

public enum OfferAnswerKind
{
    Answered,
    AlreadyAnswered,
    Expired,
    Conflict,
}

public sealed record OfferAnswer(OfferAnswerKind Kind, Offer Offer);
