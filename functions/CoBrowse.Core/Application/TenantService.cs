using CoBrowse.Core.Channels;
using CoBrowse.Core.Security;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Application;

public sealed record NewTenantRequest(
    string? TenantId,
    string? Name,
    IReadOnlyList<string>? AllowedOrigins,
    IReadOnlyList<string>? MaskSelectors = null,
    IReadOnlyList<string>? RedactSelectors = null,
    IReadOnlyList<string>? BlockSelectors = null,
    ChannelTimeoutOverrides? Timeouts = null,
    int? RetentionDays = null,
    IReadOnlyList<string?>? AssetOrigins = null,
    bool? AllowAnyHttpsAssets = null);

/// <summary>
/// A change to a tenant's settings: every field is optional and an absent one keeps its value. <c>Timeouts</c>, when
/// given, replaces all three overrides (a channel left out of it goes back to the product default).
/// </summary>
public sealed record TenantUpdateRequest(
    string? Name = null,
    IReadOnlyList<string>? AllowedOrigins = null,
    IReadOnlyList<string>? MaskSelectors = null,
    IReadOnlyList<string>? RedactSelectors = null,
    IReadOnlyList<string>? BlockSelectors = null,
    ChannelTimeoutOverrides? Timeouts = null,
    int? RetentionDays = null,
    IReadOnlyList<string?>? AssetOrigins = null,
    bool? AllowAnyHttpsAssets = null);

/// <summary>The tenant as created, with its first API key: the only time the key's secret is shown.</summary>
public sealed record CreatedTenant(Tenant Tenant, string ApiKey);

/// <summary>Creates tenants and their keys, resolves tenants for callers and checks API keys.</summary>
public sealed class TenantService(ITenantStore tenants, IApiKeyStore apiKeys, TimeProvider clock)
{
    public async Task<CreatedTenant> CreateAsync(NewTenantRequest request, CancellationToken cancellationToken)
    {
        if (!Tenant.IsValidId(request.TenantId))
        {
            throw CoBrowseProblemException.BadRequest("'tenantId' must be 3-40 lower-case letters, digits or dashes, starting and ending with a letter or digit.");
        }

        var origins = ValidOrigins(request.AllowedOrigins ?? []);
        var assetOrigins = Tenants.AssetOrigins.Validate(request.AssetOrigins ?? []);
        RequireValidRetention(request.RetentionDays);
        var tenant = new Tenant
        {
            TenantId = request.TenantId!,
            Name = string.IsNullOrWhiteSpace(request.Name) ? request.TenantId! : request.Name.Trim(),
            SiteKey = TenantCredentialService.NewSiteKey(),
            AllowedOrigins = origins,
            AssetOrigins = assetOrigins,
            AllowAnyHttpsAssets = request.AllowAnyHttpsAssets ?? false,
            MaskSelectors = request.MaskSelectors ?? [],
            RedactSelectors = request.RedactSelectors ?? [],
            BlockSelectors = request.BlockSelectors ?? [],
            Timeouts = request.Timeouts,
            RetentionDays = request.RetentionDays ?? 90,
            CreatedAt = clock.GetUtcNow(),
        };
        if (!await tenants.TryCreateAsync(tenant, cancellationToken))
        {
            throw CoBrowseProblemException.Conflict($"Tenant '{tenant.TenantId}' already exists.");
        }

        return new CreatedTenant(tenant, await CreateApiKeyAsync(tenant.TenantId, cancellationToken));
    }

    /// <summary>Applies <paramref name="update"/> to the stored tenant, re-reading and re-applying when another write got there first.</summary>
    public async Task<Tenant> UpdateAsync(string tenantId, TenantUpdateRequest update, CancellationToken cancellationToken)
    {
        var origins = update.AllowedOrigins is null ? null : ValidOrigins(update.AllowedOrigins);
        var assetOrigins = update.AssetOrigins is null ? null : Tenants.AssetOrigins.Validate(update.AssetOrigins);
        RequireValidRetention(update.RetentionDays);
        if (update.Name is not null && string.IsNullOrWhiteSpace(update.Name))
        {
            throw CoBrowseProblemException.BadRequest("'name' cannot be blank.");
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await tenants.GetVersionedAsync(tenantId, cancellationToken)
                ?? throw CoBrowseProblemException.NotFound($"Tenant '{tenantId}' was not found.");
            var current = stored.Value;
            var updated = current with
            {
                Name = update.Name?.Trim() ?? current.Name,
                AllowedOrigins = origins ?? current.AllowedOrigins,
                AssetOrigins = assetOrigins ?? current.AssetOrigins,
                AllowAnyHttpsAssets = update.AllowAnyHttpsAssets ?? current.AllowAnyHttpsAssets,
                MaskSelectors = update.MaskSelectors ?? current.MaskSelectors,
                RedactSelectors = update.RedactSelectors ?? current.RedactSelectors,
                BlockSelectors = update.BlockSelectors ?? current.BlockSelectors,
                Timeouts = update.Timeouts ?? current.Timeouts,
                RetentionDays = update.RetentionDays ?? current.RetentionDays,
            };
            if (await tenants.TryReplaceAsync(updated, stored.Version, cancellationToken))
            {
                return updated;
            }
        }

        throw CoBrowseProblemException.Conflict($"Tenant '{tenantId}' is changing too fast; try again.");
    }

    public async Task<string> CreateApiKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        await RequireAsync(tenantId, cancellationToken);
        var key = new ApiKeyParts(tenantId, SecretHasher.NewId(9), SecretHasher.NewSecret());
        await apiKeys.AddAsync(tenantId, key.KeyId, SecretHasher.Hash(key.Secret), clock.GetUtcNow(), cancellationToken);
        return key.ToString();
    }

    public async Task<TenantBackendPrincipal?> AuthenticateApiKeyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyParts.TryParse(presented, out var key) || !Tenant.IsValidId(key.TenantId))
        {
            return null;
        }

        var hash = await apiKeys.GetActiveHashAsync(key.TenantId, key.KeyId, cancellationToken);
        return hash is not null && SecretHasher.Matches(key.Secret, hash) ? new TenantBackendPrincipal(key.TenantId, key.KeyId) : null;
    }

    public async Task<Tenant> RequireAsync(string tenantId, CancellationToken cancellationToken) =>
        await tenants.GetAsync(tenantId, cancellationToken)
        ?? throw CoBrowseProblemException.NotFound($"Tenant '{tenantId}' was not found.");

    private static List<string> ValidOrigins(IReadOnlyList<string> origins)
    {
        if (origins.Count == 0 || origins.Any(o => OriginPolicy.Normalize(o) is null))
        {
            throw CoBrowseProblemException.BadRequest("'allowedOrigins' needs at least one origin such as https://shop.example.com (scheme, host and optional port only).");
        }

        return origins.Select(o => OriginPolicy.Normalize(o)!).Distinct().ToList();
    }

    private static void RequireValidRetention(int? retentionDays)
    {
        if (retentionDays is < 1 or > 3650)
        {
            throw CoBrowseProblemException.BadRequest("'retentionDays' must be between 1 and 3650.");
        }
    }

    /// <summary>Resolves the tenant of a customer's page from its site key and checks the page's origin.</summary>
    public async Task<Tenant> RequireSiteAsync(string? siteKey, string? origin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(siteKey) || siteKey.Length > 100)
        {
            throw CoBrowseProblemException.BadRequest("'siteKey' is required.");
        }

        var tenant = await tenants.FindBySiteKeyAsync(siteKey, cancellationToken);
        if (tenant is null || !tenant.AcceptsSiteKey(siteKey, clock.GetUtcNow()))
        {
            // A rotated-away key past its grace period is as unknown as one never issued.
            throw CoBrowseProblemException.NotFound("Unknown site key.");
        }

        if (!tenant.AllowsOrigin(origin))
        {
            throw CoBrowseProblemException.Forbidden($"Origin '{origin ?? "(none)"}' is not allowed for this site.");
        }

        return tenant;
    }
}
