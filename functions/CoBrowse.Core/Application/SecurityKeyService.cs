using CoBrowse.Core.Channels;
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
    SessionStartOptions startOptions)
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
            return new IssuedSecurityKey(key, session);
        }

        throw CoBrowseProblemException.Conflict("Too many keys are outstanding for this tenant; try again shortly.");
    }

    public async Task<JoinedSession> RedeemAsync(string? siteKey, string? origin, string? typedKey, string clientAddress, ISessionSignals signals, CancellationToken cancellationToken)
    {
        var tenant = await tenants.RequireSiteAsync(siteKey, origin, cancellationToken);
        var now = clock.GetUtcNow();
        await ThrowIfLockedOutAsync(tenant.TenantId, clientAddress, now, cancellationToken);

        if (!SecurityKey.TryNormalize(typedKey, out var code))
        {
            throw CoBrowseProblemException.BadRequest($"A security key has {SecurityKey.Digits} digits.");
        }

        var stored = await keys.GetAsync(tenant.TenantId, code, cancellationToken);
        if (stored is null)
        {
            await RecordFailureAsync(tenant.TenantId, clientAddress, now, cancellationToken);
            throw CoBrowseProblemException.NotFound("That security key is not valid. Check the digits with your agent.");
        }

        var failuresNow = await attempts.GetAsync(TenantFailureTotal(tenant.TenantId), cancellationToken);
        var key = stored.Value;
        switch (key.CheckRedeemable(now, failuresNow, limits))
        {
            case KeyRedeemability.AlreadyUsed:
                await RecordFailureAsync(tenant.TenantId, clientAddress, now, cancellationToken);
                throw CoBrowseProblemException.Gone("That security key has already been used. Ask your agent for a new one.");
            case KeyRedeemability.Expired:
                throw CoBrowseProblemException.Gone("That security key has expired. Ask your agent for a new one.");
            case KeyRedeemability.Exhausted:
                throw CoBrowseProblemException.Gone("That security key is no longer valid. Ask your agent for a new one.");
        }

        // Single use even under a race: only the writer holding the current version marks it redeemed.
        if (!await keys.TryReplaceAsync(key with { RedeemedAt = now }, stored.Version, cancellationToken))
        {
            throw CoBrowseProblemException.Gone("That security key has already been used. Ask your agent for a new one.");
        }

        var session = await sessionService.ApplyAsync(tenant.TenantId, key.SessionId, new JoinAsCustomer(), signals, cancellationToken);
        return new JoinedSession(session, tokens.IssueCustomerToken(new CustomerPrincipal(tenant.TenantId, session.SessionId)));
    }

    private async Task ThrowIfLockedOutAsync(string tenantId, string clientAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byAddress = await attempts.GetAsync(AddressWindow(tenantId, clientAddress, now), cancellationToken);
        var byTenant = await attempts.GetAsync(TenantWindow(tenantId, now), cancellationToken);
        if (byAddress >= limits.MaxFailuresPerAddress || byTenant >= limits.MaxFailuresPerTenant)
        {
            throw CoBrowseProblemException.TooManyRequests("Too many wrong keys. Wait a few minutes, then try again.", limits.RetryAfter(now));
        }
    }

    private async Task RecordFailureAsync(string tenantId, string clientAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await attempts.IncrementAsync(AddressWindow(tenantId, clientAddress, now), cancellationToken);
        await attempts.IncrementAsync(TenantWindow(tenantId, now), cancellationToken);
        await attempts.IncrementAsync(TenantFailureTotal(tenantId), cancellationToken);
    }

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
