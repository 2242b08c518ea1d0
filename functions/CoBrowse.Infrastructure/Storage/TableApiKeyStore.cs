namespace CoBrowse.Infrastructure.Storage;

/// <summary>API keys by tenant; only the SHA-256 of the secret is stored.</summary>
public sealed class TableApiKeyStore(CoBrowseTables tables) : IApiKeyStore
{
    public Task AddAsync(string tenantId, string keyId, string secretHash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        tables.ApiKeys.AddEntityAsync(
            new TableEntity(tenantId, keyId) { ["SecretHash"] = secretHash, ["CreatedAt"] = createdAt },
            cancellationToken);

    public async Task<string?> GetActiveHashAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var row = await tables.ApiKeys.FindAsync<TableEntity>(TableErrors.SafeKey(tenantId), TableErrors.SafeKey(keyId), cancellationToken);
        return row is null || row.GetDateTimeOffset("RevokedAt") is not null ? null : row.GetString("SecretHash");
    }
}
