namespace CoBrowse.Infrastructure.Storage;

/// <summary>API keys by tenant; only the SHA-256 of the secret is stored.</summary>
public sealed class TableApiKeyStore(CoBrowseTables tables) : IApiKeyStore
{
    private const string RevokedAt = "RevokedAt";

    public Task AddAsync(string tenantId, string keyId, string secretHash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        tables.ApiKeys.AddEntityAsync(
            new TableEntity(tenantId, keyId) { ["SecretHash"] = secretHash, ["CreatedAt"] = createdAt },
            cancellationToken);

    public async Task<string?> GetActiveHashAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var row = await FindAsync(tenantId, keyId, cancellationToken);
        return row is null || row.GetDateTimeOffset(RevokedAt) is not null ? null : row.GetString("SecretHash");
    }

    public async Task<ApiKeyInfo?> RevokeAsync(string tenantId, string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        var row = await FindAsync(tenantId, keyId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var firstRevokedAt = row.GetDateTimeOffset(RevokedAt);
        if (firstRevokedAt is null)
        {
            // A merge with ETag.All: revoking twice concurrently leaves a revoked key either way.
            await tables.ApiKeys.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { [RevokedAt] = revokedAt }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return ToInfo(row) with { RevokedAt = firstRevokedAt ?? revokedAt };
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKeyInfo>();
        var partition = TableErrors.SafeKey(tenantId);
        await foreach (var row in tables.ApiKeys.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey", "CreatedAt", RevokedAt], cancellationToken: cancellationToken))
        {
            keys.Add(ToInfo(row));
        }

        return keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToList();
    }

    private static ApiKeyInfo ToInfo(TableEntity row) =>
        new(row.RowKey, row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset(RevokedAt));

    private Task<TableEntity?> FindAsync(string tenantId, string keyId, CancellationToken cancellationToken) =>
        tables.ApiKeys.FindAsync<TableEntity>(TableErrors.SafeKey(tenantId), TableErrors.SafeKey(keyId), cancellationToken);
}
