using CoBrowse.Core.Offers;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tenants;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Application;

/// <summary>A stored value with the version tag that guards its next write (an ETag in Table Storage).</summary>
public sealed record Versioned<T>(T Value, string Version);

public interface ITenantStore
{
    /// <summary>Adds a tenant and its site key; false when the id or site key is taken.</summary>
    Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken);

    Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The tenant with the version tag that guards its next replace.</summary>
    Task<Versioned<Tenant>?> GetVersionedAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Writes the tenant (never its id) only if it still has <paramref name="version"/>; a new site key must be claimed first.</summary>
    Task<bool> TryReplaceAsync(Tenant tenant, string version, CancellationToken cancellationToken);

    /// <summary>The tenant whose current or previous site key is <paramref name="siteKey"/>; the caller checks the grace period.</summary>
    Task<Tenant?> FindBySiteKeyAsync(string siteKey, CancellationToken cancellationToken);

    /// <summary>Reserves a site key for a tenant before the tenant is written with it; false when it is taken.</summary>
    Task<bool> TryClaimSiteKeyAsync(string siteKey, string tenantId, CancellationToken cancellationToken);

    /// <summary>Releases a site key no longer accepted (idempotent).</summary>
    Task ReleaseSiteKeyAsync(string siteKey, CancellationToken cancellationToken);
}

public interface IApiKeyStore
{
    Task AddAsync(string tenantId, string keyId, string secretHash, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>The stored hash of an active key, or null when unknown or revoked.</summary>
    Task<string?> GetActiveHashAsync(string tenantId, string keyId, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked (keeping the first revocation time) and returns it; null when the tenant has no such key.</summary>
    Task<ApiKeyInfo?> RevokeAsync(string tenantId, string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>The tenant's keys without their hashes, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string tenantId, CancellationToken cancellationToken);
}

/// <summary>What may be shown about an API key: never its secret or hash.</summary>
public sealed record ApiKeyInfo(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public interface ISessionStore
{
    Task CreateAsync(Session session, CancellationToken cancellationToken);

    Task<Versioned<Session>?> GetAsync(string tenantId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Writes the session only if it still has <paramref name="version"/>; false when another writer got there first.</summary>
    Task<bool> TryReplaceAsync(Session session, string version, CancellationToken cancellationToken);

    /// <summary>Sessions of one tenant that match <paramref name="query"/>, in no particular order, at most <paramref name="maxRows"/>.</summary>
    Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, int maxRows, CancellationToken cancellationToken);
}

/// <summary>Which sessions of a tenant to list; the store filters on its side, within the tenant's partition.</summary>
public sealed record SessionQuery(string TenantId, bool IncludeEnded, string? InteractionId, DateTimeOffset? CreatedSince);

public interface ITimelineStore
{
    /// <summary>Idempotent: recording the same event twice leaves one row.</summary>
    Task RecordAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<TimelineEvent>> ListAsync(string tenantId, string interactionId, CancellationToken cancellationToken);
}

public interface ISecurityKeyStore
{
    /// <summary>Adds the key, or takes over the code of a key that is used or expired; false when the code is in use.</summary>
    Task<bool> TryAddAsync(SecurityKey key, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Versioned<SecurityKey>?> GetAsync(string tenantId, string code, CancellationToken cancellationToken);

    Task<bool> TryReplaceAsync(SecurityKey key, string version, CancellationToken cancellationToken);
}

public interface IOfferStore
{
    Task CreateAsync(Offer offer, CancellationToken cancellationToken);

    Task<Versioned<Offer>?> GetAsync(string tenantId, string offerId, CancellationToken cancellationToken);

    Task<bool> TryReplaceAsync(Offer offer, string version, CancellationToken cancellationToken);
}

/// <summary>Counters for attempts and failures, one per scope (scopes name their own time window).</summary>
public interface IAttemptCounter
{
    Task<long> GetAsync(string scope, CancellationToken cancellationToken);

    /// <summary>The count after this increment; throws <see cref="AttemptNotCountedException"/> when it could not count.</summary>
    Task<long> IncrementAsync(string scope, CancellationToken cancellationToken);
}

/// <summary>
/// A tenant's security-key guesses (<see cref="TenantGuesses"/>) and the numbers of the guesses that redeemed a key.
/// </summary>
public interface IKeyGuessLedger
{
    Task<TenantGuesses> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="change"/> of the current counts atomically: when another writer came first it reads and
    /// applies it again. Returns what it stored, or null when <paramref name="change"/> returned null (nothing stored).
    /// Throws <see cref="AttemptNotCountedException"/> when it could not store a change.
    /// </summary>
    Task<TenantGuesses?> TryChangeAsync(string tenantId, Func<TenantGuesses, TenantGuesses?> change, CancellationToken cancellationToken);

    Task RecordRedemptionAsync(string tenantId, long guessNumber, CancellationToken cancellationToken);

    /// <summary>How many guesses numbered strictly between <paramref name="after"/> and <paramref name="before"/> redeemed a key.</summary>
    Task<long> CountRedemptionsAsync(string tenantId, long after, long before, CancellationToken cancellationToken);
}

/// <summary>An attempt could not be counted (e.g. heavy contention); callers refuse the attempt rather than let it pass uncounted.</summary>
public sealed class AttemptNotCountedException(string scope) : Exception($"Could not count an attempt for '{scope}'.");

public interface ITokenIssuer
{
    IssuedToken IssueAgentToken(AgentPrincipal agent);

    IssuedToken IssueCustomerToken(CustomerPrincipal customer);
}

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Tells the durable lifecycle (session and interaction entities) what happened.</summary>
public interface ISessionSignals
{
    /// <summary>A pending session exists; it ends by itself at <paramref name="expiresAt"/> unless the customer joins.</summary>
    Task SessionCreatedAsync(Session session, EndReason expiryReason, DateTimeOffset expiresAt, TimeSpan? inactivityTimeout, CancellationToken cancellationToken);

    Task CustomerJoinedAsync(Session session, CancellationToken cancellationToken);

    Task ActivityAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken);

    Task SessionEndedAsync(Session session, CancellationToken cancellationToken);

    Task InteractionEventAsync(string tenantId, string interactionId, InteractionEventKind kind, CancellationToken cancellationToken);
}

public enum InteractionEventKind
{
    Transferred,
    Ended,
}
