using CoBrowse.Core.Application;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Tests.Fakes;

public sealed class InMemoryTenantStore : ITenantStore
{
    private readonly Dictionary<string, Tenant> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tenant> _bySiteKey = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Tenant> All => _byId.Values;

    public Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (_byId.ContainsKey(tenant.TenantId) || _bySiteKey.ContainsKey(tenant.SiteKey))
        {
            return Task.FromResult(false);
        }

        _byId[tenant.TenantId] = tenant;
        _bySiteKey[tenant.SiteKey] = tenant;
        return Task.FromResult(true);
    }

    public Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.GetValueOrDefault(tenantId));

    public Task<Tenant?> FindBySiteKeyAsync(string siteKey, CancellationToken cancellationToken) =>
        Task.FromResult(_bySiteKey.GetValueOrDefault(siteKey));
}
