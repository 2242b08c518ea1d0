using CoBrowse.Core.Channels;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Functions.Http;

// Request and response bodies of the admin API beyond create and PATCH (which use Contracts.cs).

/// <summary>An API key's public details; its secret is shown only once, when issued.</summary>
public sealed record ApiKeyView(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKeyInfo key) => new(key.KeyId, key.CreatedAt, key.RevokedAt);
}

/// <summary>A newly issued API key with the id used to revoke it.</summary>
public sealed record IssuedApiKeyResponse(string ApiKey, string KeyId);

/// <summary>A tenant as an operator sees it: settings, site keys and API key ids, never a secret or hash.</summary>
public sealed record TenantDetailsResponse(
    string TenantId,
    string Name,
    string SiteKey,
    string? PreviousSiteKey,
    DateTimeOffset? PreviousSiteKeyValidUntil,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> AssetOrigins,
    bool AllowAnyHttpsAssets,
    IReadOnlyList<string> MaskSelectors,
    IReadOnlyList<string> RedactSelectors,
    IReadOnlyList<string> BlockSelectors,
    ChannelTimeoutOverrides? Timeouts,
    int RetentionDays,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ApiKeyView> ApiKeys)
{
    public static TenantDetailsResponse From(Tenant t, IEnumerable<ApiKeyInfo> keys) => new(
        t.TenantId, t.Name, t.SiteKey, t.PreviousSiteKey, t.PreviousSiteKeyValidUntil, t.AllowedOrigins, t.AssetOrigins, t.AllowAnyHttpsAssets, t.MaskSelectors,
        t.RedactSelectors, t.BlockSelectors, t.Timeouts, t.RetentionDays, t.CreatedAt, keys.Select(ApiKeyView.From).ToList());
}

/// <summary>Optional body of a site key rotation: how long the old key stays accepted for new sessions (default 0).</summary>
public sealed class RotateSiteKeyRequest
{
    public int GraceSeconds { get; init; }
}
