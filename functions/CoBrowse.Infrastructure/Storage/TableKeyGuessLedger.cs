using System.Globalization;
using CoBrowse.Core.Security;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// A tenant's key guesses in the Attempts table, partition <c>key-fail.{tenant}.guesses</c>: the counts in one row
/// (changed only with its ETag, so concurrent guesses each get their own place and number), and one row per guess
/// that redeemed a key, keyed by its number so a key's range of guesses is one row-key range.
/// </summary>
public sealed class TableKeyGuessLedger(CoBrowseTables tables) : IKeyGuessLedger
{
    /// <summary>The row retention keeps: the numbering must never restart while a key may still be live.</summary>
    public const string CountsRow = "count";

    /// <summary>Rows of redeeming guesses start with this; retention drops them once no key can span them.</summary>
    public const string RedemptionPrefix = "redeemed.";

    public static string Partition(string tenantId) => TableErrors.SafeKey($"key-fail.{tenantId}.guesses");

    public async Task<TenantGuesses> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.Attempts.FindAsync<TableEntity>(Partition(tenantId), CountsRow, cancellationToken);
        return row is null ? TenantGuesses.None : FromRow(row);
    }

    public async Task<TenantGuesses?> TryChangeAsync(string tenantId, Func<TenantGuesses, TenantGuesses?> change, CancellationToken cancellationToken)
    {
        var partition = Partition(tenantId);
        for (var round = 0; round < ContentionBackOff.MaxRounds; round++)
        {
            var row = await tables.Attempts.FindAsync<TableEntity>(partition, CountsRow, cancellationToken);
            var next = change(row is null ? TenantGuesses.None : FromRow(row));
            if (next is null)
            {
                return null;
            }

            var stored = row is null
                ? await tables.Attempts.TryAddAsync(ToRow(partition, next), cancellationToken)
                : await tables.Attempts.TryReplaceAsync(ToRow(partition, next), row.ETag.ToString(), cancellationToken);
            if (stored)
            {
                return next;
            }

            await ContentionBackOff.DelayAsync(round, cancellationToken);
        }

        throw new AttemptNotCountedException(partition);
    }

    public async Task RecordRedemptionAsync(string tenantId, long guessNumber, CancellationToken cancellationToken) =>
        await tables.Attempts.UpsertEntityAsync(new TableEntity(Partition(tenantId), RedemptionRow(guessNumber)), TableUpdateMode.Replace, cancellationToken);

    public async Task<long> CountRedemptionsAsync(string tenantId, long after, long before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(tenantId)} and RowKey gt {RedemptionRow(after)} and RowKey lt {RedemptionRow(before)}");
        var count = 0L;
        await foreach (var _ in tables.Attempts.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    // Fixed width, so row keys sort as the numbers do.
    private static string RedemptionRow(long guessNumber) => RedemptionPrefix + Math.Max(guessNumber, 0).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToRow(string partition, TenantGuesses guesses) => new(partition, CountsRow)
    {
        // Ticks: exact, whatever precision the store keeps for dates.
        ["WindowStartTicks"] = guesses.WindowStart.UtcTicks,
        ["InWindow"] = guesses.InWindow,
        ["Total"] = guesses.Total,
    };

    private static TenantGuesses FromRow(TableEntity row) => new(
        row.GetInt64("WindowStartTicks") is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : DateTimeOffset.MinValue,
        row.GetInt64("InWindow") ?? 0,
        row.GetInt64("Total") ?? 0);
}
