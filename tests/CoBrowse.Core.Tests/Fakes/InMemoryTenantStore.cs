using CoBrowse.Core.Application;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Tests.Fakes;

public sealed class InMemoryTenantStore : ITenantStore
{
    private readonly Dictionary<string, Tenant> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _siteKeyClaims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Tenant> All => _byId.Values;

    public Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (_byId.ContainsKey(tenant.TenantId) || _siteKeyClaims.ContainsKey(tenant.SiteKey))
        {
            return Task.FromResult(false);
        }

        _byId[tenant.TenantId] = tenant;
        _siteKeyClaims[tenant.SiteKey] = tenant.TenantId;
        return Task.FromResult(true);
    }

    public Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.GetValueOrDefault(tenantId));

    public Task<Versioned<Tenant>?> GetVersionedAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.TryGetValue(tenantId, out var tenant) ? new Versioned<Tenant>(tenant, VersionOf(tenantId)) : null);

    public Task<bool> TryReplaceAsync(Tenant tenant, string version, CancellationToken cancellationToken)
    {
        if (!_byId.ContainsKey(tenant.TenantId) || VersionOf(tenant.TenantId) != version)
        {
            return Task.FromResult(false);
        }

        _byId[tenant.TenantId] = tenant;
        _versions[tenant.TenantId] = _versions.GetValueOrDefault(tenant.TenantId) + 1;
        return Task.FromResult(true);
    }

    /// <summary>Another writer changed the tenant since it was read.</summary>
    public void Touch(string tenantId) => _versions[tenantId] = _versions.GetValueOrDefault(tenantId) + 1;

    public Task<Tenant?> FindBySiteKeyAsync(string siteKey, CancellationToken cancellationToken) =>
        Task.FromResult(_siteKeyClaims.TryGetValue(siteKey, out var tenantId)
            && _byId.GetValueOrDefault(tenantId) is { } tenant && (tenant.SiteKey == siteKey || tenant.PreviousSiteKey == siteKey) ? tenant : null);

    public IReadOnlyCollection<string> ClaimedSiteKeys => _siteKeyClaims.Keys;

    public Task<bool> TryClaimSiteKeyAsync(string siteKey, string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_siteKeyClaims.TryAdd(siteKey, tenantId));

    public Task ReleaseSiteKeyAsync(string siteKey, CancellationToken cancellationToken)
    {
        _siteKeyClaims.Remove(siteKey);
        return Task.CompletedTask;
    }

    private string VersionOf(string tenantId) => $"v{_versions.GetValueOrDefault(tenantId)}";
}
