using CoBrowse.Core.Security;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Application;

/// <summary>
/// Rotates a tenant's site key and revokes its API keys. Both take effect on the very next request: keys and site
/// keys are looked up in storage on every call, never cached. Sessions already running hold customer tokens bound to
/// the session, so they go on.
/// </summary>
public sealed class TenantCredentialService(ITenantStore tenants, IApiKeyStore apiKeys, TimeProvider clock)
{
    /// <summary>The longest a rotated-away site key may stay accepted while pages are being updated.</summary>
    public static readonly TimeSpan MaxSiteKeyGrace = TimeSpan.FromDays(7);

    private const int Attempts = 5;

    /// <summary>
    /// Gives the tenant a new site key. The old one is refused for new sessions at once, or after <paramref name="grace"/>.
    /// A key still in an earlier grace period is dropped (only one previous key is kept).
    /// </summary>
    public async Task<Tenant> RotateSiteKeyAsync(string tenantId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (grace < TimeSpan.Zero || grace > MaxSiteKeyGrace)
        {
            throw CoBrowseProblemException.BadRequest($"'graceSeconds' must be between 0 and {(int)MaxSiteKeyGrace.TotalSeconds}.");
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await tenants.GetVersionedAsync(tenantId, cancellationToken)
                ?? throw CoBrowseProblemException.NotFound($"Tenant '{tenantId}' was not found.");
            var current = stored.Value;
            var newKey = NewSiteKey();
            if (!await tenants.TryClaimSiteKeyAsync(newKey, tenantId, cancellationToken))
            {
                continue;
            }

            var keepsOld = grace > TimeSpan.Zero;
            var rotated = current with
            {
                SiteKey = newKey,
                PreviousSiteKey = keepsOld ? current.SiteKey : null,
                PreviousSiteKeyValidUntil = keepsOld ? clock.GetUtcNow() + grace : null,
            };
            if (await tenants.TryReplaceAsync(rotated, stored.Version, cancellationToken))
            {
                foreach (var dropped in new[] { current.PreviousSiteKey, keepsOld ? null : current.SiteKey })
                {
                    if (dropped is not null)
                    {
                        await tenants.ReleaseSiteKeyAsync(dropped, cancellationToken);
                    }
                }

                return rotated;
            }

            // Another write changed the tenant in between: give the claim back and start over from what it wrote.
            await tenants.ReleaseSiteKeyAsync(newKey, cancellationToken);
        }

        throw CoBrowseProblemException.Conflict($"Tenant '{tenantId}' is changing too fast; try again.");
    }

    /// <summary>Revokes one API key; idempotent for a key already revoked, 404 for a key the tenant never had.</summary>
    public async Task<ApiKeyInfo> RevokeApiKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        await RequireTenantAsync(tenantId, cancellationToken);
        return await apiKeys.RevokeAsync(tenantId, keyId, clock.GetUtcNow(), cancellationToken)
            ?? throw CoBrowseProblemException.NotFound($"Tenant '{tenantId}' has no API key '{keyId}'.");
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        await RequireTenantAsync(tenantId, cancellationToken);
        return await apiKeys.ListAsync(tenantId, cancellationToken);
    }

    public static string NewSiteKey() => "site_" + SecretHasher.NewId(16);

    private async Task RequireTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (await tenants.GetAsync(tenantId, cancellationToken) is null)
        {
            throw CoBrowseProblemException.NotFound($"Tenant '{tenantId}' was not found.");
        }
    }
}
