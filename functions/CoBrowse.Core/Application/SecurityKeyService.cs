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
    IAttemptCounter attempts,
    TenantService tenants,
    SessionService sessionService,
    ITokenIssuer tokens,
    TimeProvider clock,
    AttemptLimits limits,
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
        var failuresNow = await attempts.GetAsync(TenantFailureTotal(agent.TenantId), cancellationToken);

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
                TenantFailuresAtIssue = failuresNow,
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
        await CountAttemptOrRefuseAsync(tenant.TenantId, clientAddress, now, cancellationToken);

        if (!SecurityKey.TryNormalize(typedKey, out var code))
        {
            throw CoBrowseProblemException.BadRequest($"A security key has {SecurityKey.Digits} digits.");
        }

        var stored = await keys.GetAsync(tenant.TenantId, code, cancellationToken);
        if (stored is null)
        {
            await RecordFailureAsync(tenant.TenantId, now, cancellationToken);
            throw CoBrowseProblemException.NotFound("That security key is not valid. Check the digits with your agent.");
        }

        var failuresNow = await attempts.GetAsync(TenantFailureTotal(tenant.TenantId), cancellationToken);
        var key = stored.Value;
        switch (key.CheckRedeemable(now, failuresNow, limits))
        {
            case KeyRedeemability.AlreadyUsed:
                await RecordFailureAsync(tenant.TenantId, now, cancellationToken);
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

        var joined = await sessionService.ApplyAsync(tenant.TenantId, key.SessionId, new JoinAsCustomer(), signals, cancellationToken);
        return new JoinedSession(joined, tokens.IssueCustomerToken(new CustomerPrincipal(tenant.TenantId, joined.SessionId)));
    }

    /// <summary>
    /// Counts the attempt for its address before judging it (so parallel guesses cannot all pass a check made
    /// before any was counted), and refuses while the address or the tenant is locked out.
    /// </summary>
    private async Task CountAttemptOrRefuseAsync(string tenantId, string clientAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byAddress = await CountOrRefuseAsync(AddressWindow(tenantId, clientAddress, now), now, cancellationToken);
        var byTenant = await attempts.GetAsync(TenantWindow(tenantId, now), cancellationToken);
        if (byAddress > limits.MaxAttemptsPerAddress || byTenant >= limits.MaxFailuresPerTenant)
        {
            throw TooMany(now);
        }
    }

    /// <summary>A wrong guess counts against the tenant's window and against every live key's budget.</summary>
    private async Task RecordFailureAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failures = await CountOrRefuseAsync(TenantWindow(tenantId, now), now, cancellationToken);
        await CountOrRefuseAsync(TenantFailureTotal(tenantId), now, cancellationToken);
        observer?.SecurityKeyRejected(tenantId, failures);
    }

    /// <summary>An attempt that cannot be counted is refused: an uncounted guess would escape every limit.</summary>
    private async Task<long> CountOrRefuseAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await attempts.IncrementAsync(scope, cancellationToken);
        }
        catch (AttemptNotCountedException)
        {
            throw TooMany(now);
        }
    }

    private CoBrowseProblemException TooMany(DateTimeOffset now) =>
        CoBrowseProblemException.TooManyRequests("Too many attempts. Wait a few minutes, then try again.", limits.RetryAfter(now));

    private string AddressWindow(string tenantId, string clientAddress, DateTimeOffset now) =>
        $"key-fail.{tenantId}.addr.{clientAddress}.{limits.WindowStart(now).UtcTicks}";

    private string TenantWindow(string tenantId, DateTimeOffset now) =>
        $"key-fail.{tenantId}.tenant.{limits.WindowStart(now).UtcTicks}";

    private static string TenantFailureTotal(string tenantId) => $"key-fail.{tenantId}.total";

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
