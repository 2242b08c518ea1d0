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
}

public sealed record StoredApiKey(string TenantId, string KeyId, string SecretHash, DateTimeOffset CreatedAt, bool Revoked);
