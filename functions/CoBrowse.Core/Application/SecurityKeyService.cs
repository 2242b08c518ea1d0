using CoBrowse.Core.Channels;
using CoBrowse.Core.Observability;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Application;

public sealed record IssuedSecurityKey(SecurityKey Key, Session Session);

public sealed record JoinedSession(Session Session, IssuedToken CustomerToken);

/// <summary>Voice start: the agent gets a key to read out; the customer types it on the tenant's site.</summary>
public sealed class SecurityKeyService(
    ISecurityKeyStore keys,
    ISessionStore sessions,
    ITimelineStore timeline,
    KeyGuessLimiter guesses,
    TenantService tenants,
    SessionService sessionService,
    ITokenIssuer tokens,
    TimeProvider clock,
    SessionStartOptions startOptions,
    ISessionObserver? observer = null)
{
    private const int MaxCodeCollisions = 20;

    public async Task<IssuedSecurityKey> IssueAsync(AgentPrincipal agent, string interactionId, string? externalContactId, ISessionSignals signals, CancellationToken cancellationToken)
    {
        Identifiers.Require(interactionId, nameof(interactionId));
        Identifiers.Optional(externalContactId, nameof(externalContactId));
        var tenant = await tenants.RequireAsync(agent.TenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var session = NewPendingSession(agent, interactionId, externalContactId, now);
        var issuedAtGuess = await guesses.IssueNumberAsync(agent.TenantId, cancellationToken);

        for (var attempt = 0; attempt < MaxCodeCollisions; attempt++)
        {
            var key = new SecurityKey
            {
                TenantId = agent.TenantId,
                Code = SecurityKey.NewCode(),
                SessionId = session.SessionId,
                InteractionId = interactionId,
                IssuedBy = agent.AgentId,
                IssuedAt = now,
                ExpiresAt = now + startOptions.SecurityKeyLifetime,
                TenantGuessesAtIssue = issuedAtGuess,
            };
            if (!await keys.TryAddAsync(key, now, cancellationToken))
            {
                continue;
            }

            await sessions.CreateAsync(session, cancellationToken);
            await timeline.RecordAsync(TimelineEvent.For(session, TimelineEventType.KeyIssued, Actor.Agent(agent.AgentId)), cancellationToken);
            await signals.SessionCreatedAsync(session, EndReason.KeyExpired, key.ExpiresAt, tenant.InactivityTimeouts.For(Channel.Voice), cancellationToken);
            observer?.Created(session);
            return new IssuedSecurityKey(key, session);
        }

        throw CoBrowseProblemException.Conflict("Too many keys are outstanding for this tenant; try again shortly.");
    }

    public async Task<JoinedSession> RedeemAsync(string? siteKey, string? origin, string? typedKey, string clientAddress, ISessionSignals signals, CancellationToken cancellationToken)
    {
        var tenant = await tenants.RequireSiteAsync(siteKey, origin, cancellationToken);
        var now = clock.GetUtcNow();
        await guesses.CountAddressAsync(tenant.TenantId, clientAddress, now, cancellationToken);

        if (!SecurityKey.TryNormalize(typedKey, out var code))
        {
            throw CoBrowseProblemException.BadRequest($"A security key has {SecurityKey.Digits} digits.");
        }

        // Counted in the tenant's window and numbered before the key is even looked up.
        var guess = await guesses.AdmitAsync(tenant.TenantId, now, cancellationToken);
        var stored = await keys.GetAsync(tenant.TenantId, code, cancellationToken);
        if (stored is null)
        {
            guesses.Rejected(guess);
            throw NotValid();
        }

        var key = stored.Value;
        switch (await guesses.CheckAsync(key, guess, now, cancellationToken))
        {
            case KeyRedeemability.NotIssuedYet:
                guesses.Rejected(guess);
                throw NotValid();
            case KeyRedeemability.AlreadyUsed:
                guesses.Rejected(guess);
                throw CoBrowseProblemException.Gone("That security key has already been used. Ask your agent for a new one.");
            case KeyRedeemability.Expired:
                throw CoBrowseProblemException.Gone("That security key has expired. Ask your agent for a new one.");
            case KeyRedeemability.Exhausted:
                throw CoBrowseProblemException.Gone("That security key is no longer valid. Ask your agent for a new one.");
        }

        // Check the session before spending the key: a key whose session already ended is refused, not used up.
        var session = await sessions.GetAsync(tenant.TenantId, key.SessionId, cancellationToken);
        if (session?.Value.State != SessionState.Pending)
        {
            throw CoBrowseProblemException.Gone("The co-browse session for that key has ended. Ask your agent for a new key.");
        }

        // Single use even under a race: only the writer holding the current version marks it redeemed.
        if (!await keys.TryReplaceAsync(key with { RedeemedAt = now }, stored.Version, cancellationToken))
        {
            throw CoBrowseProblemException.Gone("That security key has already been used. Ask your agent for a new one.");
        }

        await guesses.RedeemedAsync(guess, cancellationToken);
        var joined = await sessionService.ApplyAsync(tenant.TenantId, key.SessionId, new JoinAsCustomer(), signals, cancellationToken);
        return new JoinedSession(joined, tokens.IssueCustomerToken(new CustomerPrincipal(tenant.TenantId, joined.SessionId)));
    }

    private static CoBrowseProblemException NotValid() =>
        CoBrowseProblemException.NotFound("That security key is not valid. Check the digits with your agent.");

    private static Session NewPendingSession(AgentPrincipal agent, string interactionId, string? externalContactId, DateTimeOffset now) => new()
    {
        TenantId = agent.TenantId,
        SessionId = Identifiers.NewSessionId(),
        InteractionId = interactionId,
        Channel = Channel.Voice,
        State = SessionState.Pending,
        CreatedAt = now,
        UpdatedAt = now,
        OwnerAgentId = agent.AgentId,
        ExternalContactId = externalContactId,
    };
}
