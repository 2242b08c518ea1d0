using CoBrowse.Core.Channels;
using CoBrowse.Core.Observability;
using CoBrowse.Core.Offers;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Application;

public sealed record CreatedOffer(Offer Offer, Session Session);

public sealed record AnsweredOffer(Offer Offer, Session Session, IssuedToken? CustomerToken);

/// <summary>Web messaging and web chat start: the agent offers, the customer accepts or declines in the conversation.</summary>
public sealed class OfferService(
    IOfferStore offers,
    ISessionStore sessions,
    ITimelineStore timeline,
    TenantService tenants,
    SessionService sessionService,
    ITokenIssuer tokens,
    TimeProvider clock,
    SessionStartOptions startOptions,
    ISessionObserver? observer = null)
{
    public async Task<CreatedOffer> CreateAsync(AgentPrincipal agent, string interactionId, Channel channel, string? externalContactId, ISessionSignals signals, CancellationToken cancellationToken)
    {
        Identifiers.Require(interactionId, nameof(interactionId));
        Identifiers.Optional(externalContactId, nameof(externalContactId));
        if (!Offer.SupportsChannel(channel))
        {
            throw CoBrowseProblemException.BadRequest("Offers are for web messaging and web chat; voice uses a security key.");
        }

        var tenant = await tenants.RequireAsync(agent.TenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var session = new Session
        {
            TenantId = agent.TenantId,
            SessionId = Identifiers.NewSessionId(),
            InteractionId = interactionId,
            Channel = channel,
            State = SessionState.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            OwnerAgentId = agent.AgentId,
            ExternalContactId = externalContactId,
        };
        var offer = new Offer
        {
            TenantId = agent.TenantId,
            OfferId = Identifiers.NewOfferId(),
            SessionId = session.SessionId,
            InteractionId = interactionId,
            Channel = channel,
            OfferedBy = agent.AgentId,
            CreatedAt = now,
            ExpiresAt = now + startOptions.OfferLifetime,
        };

        await sessions.CreateAsync(session, cancellationToken);
        await offers.CreateAsync(offer, cancellationToken);
        await timeline.RecordAsync(TimelineEvent.For(session, TimelineEventType.Offered, Actor.Agent(agent.AgentId)), cancellationToken);
        await signals.SessionCreatedAsync(session, EndReason.OfferExpired, offer.ExpiresAt, tenant.InactivityTimeouts.For(channel), cancellationToken);
        observer?.Created(session);
        return new CreatedOffer(offer, session);
    }

    public async Task<AnsweredOffer> AnswerAsync(string? siteKey, string? origin, string offerId, bool accept, ISessionSignals signals, CancellationToken cancellationToken)
    {
        var tenant = await tenants.RequireSiteAsync(siteKey, origin, cancellationToken);
        var stored = await offers.GetAsync(tenant.TenantId, offerId, cancellationToken)
            ?? throw CoBrowseProblemException.NotFound("Unknown offer.");

        // Check the session before spending the offer: an offer whose session already ended is refused, not used up.
        var session = await sessions.GetAsync(tenant.TenantId, stored.Value.SessionId, cancellationToken);
        if (session?.Value.State == SessionState.Ended && stored.Value.Status == OfferStatus.Pending)
        {
            throw CoBrowseProblemException.Gone("This co-browse offer has ended. Ask the agent to send a new one.");
        }

        var answer = stored.Value.Answer(accept, clock.GetUtcNow());
        switch (answer.Kind)
        {
            case OfferAnswerKind.Expired:
                throw CoBrowseProblemException.Gone("This offer has expired. Ask the agent to send a new one.");
            case OfferAnswerKind.AlreadyAnswered when accept:
                // A second accept would hand out a second customer token for the same session.
                throw CoBrowseProblemException.Conflict("This offer was already accepted.");
            case OfferAnswerKind.Conflict:
                throw CoBrowseProblemException.Conflict($"This offer was already {stored.Value.Status.ToString().ToLowerInvariant()}.");
            case OfferAnswerKind.Answered when !await offers.TryReplaceAsync(answer.Offer, stored.Version, cancellationToken):
                throw CoBrowseProblemException.Conflict("This offer was answered at the same moment elsewhere.");
        }

        SessionCommand command = accept ? new JoinAsCustomer() : new EndSession(Actor.Customer, EndReason.OfferDeclined);
        var answered = await sessionService.ApplyAsync(tenant.TenantId, answer.Offer.SessionId, command, signals, cancellationToken);
        var token = accept ? tokens.IssueCustomerToken(new CustomerPrincipal(tenant.TenantId, answered.SessionId)) : null;
        return new AnsweredOffer(answer.Offer, answered, token);
    }
}
