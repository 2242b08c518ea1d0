using CoBrowse.Core.Security;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>Security keys by tenant and code: a code belongs to at most one live key at a time.</summary>
public sealed class TableSecurityKeyStore(CoBrowseTables tables) : ISecurityKeyStore
{
    public async Task<bool> TryAddAsync(SecurityKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await tables.SecurityKeys.TryAddAsync(ToRow(key), cancellationToken))
        {
            return true;
        }

        // The code is taken; reuse it only if that key is spent, and only if nobody else reused it meanwhile.
        var existing = await GetAsync(key.TenantId, key.Code, cancellationToken);
        var spent = existing is { Value.RedeemedAt: not null } || existing?.Value.ExpiresAt <= now;
        return existing is not null && spent && await TryReplaceAsync(key, existing.Version, cancellationToken);
    }

    public async Task<Versioned<SecurityKey>?> GetAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        var row = await tables.SecurityKeys.FindAsync<TableEntity>(TableErrors.SafeKey(tenantId), TableErrors.SafeKey(code), cancellationToken);
        return row is null ? null : new Versioned<SecurityKey>(FromRow(row), row.ETag.ToString());
    }

    public Task<bool> TryReplaceAsync(SecurityKey key, string version, CancellationToken cancellationToken) =>
        tables.SecurityKeys.TryReplaceAsync(ToRow(key), version, cancellationToken);

    private static TableEntity ToRow(SecurityKey key) => new(key.TenantId, key.Code)
    {
        ["SessionId"] = key.SessionId,
        ["InteractionId"] = key.InteractionId,
        ["IssuedBy"] = key.IssuedBy,
        ["IssuedAt"] = key.IssuedAt,
        ["ExpiresAt"] = key.ExpiresAt,
        ["RedeemedAt"] = key.RedeemedAt,
        ["TenantGuessesAtIssue"] = key.TenantGuessesAtIssue,
    };

    private static SecurityKey FromRow(TableEntity row) => new()
    {
        TenantId = row.PartitionKey,
        Code = row.RowKey,
        SessionId = row.GetString("SessionId"),
        InteractionId = row.GetString("InteractionId"),
        IssuedBy = row.GetString("IssuedBy"),
        IssuedAt = row.GetDateTimeOffset("IssuedAt") ?? default,
        ExpiresAt = row.GetDateTimeOffset("ExpiresAt") ?? default,
        RedeemedAt = row.GetDateTimeOffset("RedeemedAt"),
        // A key stored before guesses were numbered cannot tell which came after it: no guess may redeem it.
        TenantGuessesAtIssue = row.GetInt64("TenantGuessesAtIssue") ?? long.MaxValue,
    };
}
