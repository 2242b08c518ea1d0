using CoBrowse.Core.Reporting;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// One row per session (in the Attempts table) with the count and time of its last recorded navigation. The write
/// is ETag-guarded: of two reports racing in the same second, one passes and the other is refused.
/// </summary>
public sealed class TableNavigationThrottle(CoBrowseTables tables) : INavigationThrottle
{
    public const int MaxPerSession = 500;

    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private const string RowKey = "navigations";

    public async Task<bool> TryPassAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var partition = TableErrors.SafeKey($"navigated|{tenantId}|{sessionId}");
        var row = await tables.Attempts.FindAsync<TableEntity>(partition, RowKey, cancellationToken);
        if (row is null)
        {
            return await tables.Attempts.TryAddAsync(new TableEntity(partition, RowKey) { ["Count"] = 1L, ["LastAt"] = at }, cancellationToken);
        }

        var count = row.GetInt64("Count") ?? 0;
        if (count >= MaxPerSession || (row.GetDateTimeOffset("LastAt") is { } last && at - last < MinInterval))
        {
            return false;
        }

        row["Count"] = count + 1;
        row["LastAt"] = at;
        return await tables.Attempts.TryReplaceAsync(row, row.ETag.ToString(), cancellationToken);
    }
}
