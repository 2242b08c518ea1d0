using CoBrowse.Core.Application;

namespace CoBrowse.Core.Tests.Fakes;

public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly Dictionary<(string TenantId, string KeyId), StoredApiKey> _keys = [];

    public IReadOnlyCollection<StoredApiKey> All => _keys.Values;

    public Task AddAsync(string tenantId, string keyId, string secretHash, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        _keys.Add((tenantId, keyId), new StoredApiKey(tenantId, keyId, secretHash, createdAt, Revoked: false));
        return Task.CompletedTask;
    }

    public Task<string?> GetActiveHashAsync(string tenantId, string keyId, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.TryGetValue((tenantId, keyId), out var key) && !key.Revoked ? key.SecretHash : null);

    public void Revoke(string tenantId, string keyId) => _keys[(tenantId, keyId)] = _keys[(tenantId, keyId)] with { Revoked = true };

    public Task<ApiKeyInfo?> RevokeAsync(string tenantId, string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        if (!_keys.TryGetValue((tenantId, keyId), out var key))
        {
            return Task.FromResult<ApiKeyInfo?>(null);
        }

        var revoked = _keys[(tenantId, keyId)] = key with { Revoked = true, RevokedAt = key.RevokedAt ?? revokedAt };
        return Task.FromResult<ApiKeyInfo?>(new ApiKeyInfo(revoked.KeyId, revoked.CreatedAt, revoked.RevokedAt));
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>(_keys.Values.Where(k => k.TenantId == tenantId).OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyInfo(k.KeyId, k.CreatedAt, k.RevokedAt)).ToList());
}

public sealed record StoredApiKey(string TenantId, string KeyId, string SecretHash, DateTimeOffset CreatedAt, bool Revoked, DateTimeOffset? RevokedAt = null);
