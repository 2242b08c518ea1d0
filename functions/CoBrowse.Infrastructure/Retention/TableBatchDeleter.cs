namespace CoBrowse.Infrastructure.Retention;

/// <summary>
/// Deletes the rows a query yields in entity-group transactions of at most <c>batchSize</c> rows of one partition
/// (queries return rows ordered by partition, so consecutive rows share one). Rows someone else deleted first are fine.
/// </summary>
public static class TableBatchDeleter
{
    /// <summary>Table Storage takes at most 100 operations per transaction.</summary>
    public const int MaxBatchSize = 100;

    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    public static async Task<int> DeleteAsync(TableClient table, string filter, int batchSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(batchSize, 1, MaxBatchSize);
        var deleted = 0;
        var batch = new List<TableEntity>(size);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: KeysOnly, cancellationToken: cancellationToken))
        {
            if (batch.Count == size || (batch.Count > 0 && batch[0].PartitionKey != row.PartitionKey))
            {
                deleted += await SubmitAsync(table, batch, cancellationToken);
                batch.Clear();
            }

            batch.Add(row);
        }

        if (batch.Count > 0)
        {
            deleted += await SubmitAsync(table, batch, cancellationToken);
        }

        return deleted;
    }

    private static async Task<int> SubmitAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            return rows.Count;
        }
        catch (TableTransactionFailedException)
        {
            // One row went away meanwhile (a concurrent run): the whole transaction failed, so delete one by one.
            var deleted = 0;
            foreach (var row in rows)
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                    deleted++;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Already gone.
                }
            }

            return deleted;
        }
    }
}
