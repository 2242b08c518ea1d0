namespace CoBrowse.Infrastructure.Storage;

/// <summary>Failure counters, one row per scope; increments are ETag-guarded so concurrent failures all count.</summary>
public sealed class TableAttemptCounter(CoBrowseTables tables) : IAttemptCounter
{
    private const string RowKey = "count";

    public async Task<long> GetAsync(string scope, CancellationToken cancellationToken)
    {
        var row = await tables.Attempts.FindAsync<TableEntity>(TableErrors.SafeKey(scope), RowKey, cancellationToken);
        return row?.GetInt64("Count") ?? 0;
    }

    public async Task<long> IncrementAsync(string scope, CancellationToken cancellationToken)
    {
        var partition = TableErrors.SafeKey(scope);
        for (var attempt = 0; attempt < ContentionBackOff.MaxRounds; attempt++)
        {
            var row = await tables.Attempts.FindAsync<TableEntity>(partition, RowKey, cancellationToken);
            if (row is null)
            {
                if (await tables.Attempts.TryAddAsync(new TableEntity(partition, RowKey) { ["Count"] = 1L }, cancellationToken))
                {
                    return 1;
                }

                await ContentionBackOff.DelayAsync(attempt, cancellationToken);
                continue;
            }

            var next = (row.GetInt64("Count") ?? 0) + 1;
            row["Count"] = next;
            if (await tables.Attempts.TryReplaceAsync(row, row.ETag.ToString(), cancellationToken))
            {
                return next;
            }

            await ContentionBackOff.DelayAsync(attempt, cancellationToken);
        }

        throw new AttemptNotCountedException(scope);
    }
}
