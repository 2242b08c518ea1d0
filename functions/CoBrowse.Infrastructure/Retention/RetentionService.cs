using System.Globalization;
using CoBrowse.Infrastructure.Storage;

namespace CoBrowse.Infrastructure.Retention;

/// <summary>How many rows one delete transaction takes (1–100, Table Storage's limit).</summary>
public sealed record RetentionOptions(int BatchSize = TableBatchDeleter.MaxBatchSize);

/// <summary>What one tenant's purge removed, per table, and the cut-off it used.</summary>
public sealed record TenantPurge(string TenantId, int RetentionDays, DateTimeOffset Cutoff, IReadOnlyDictionary<string, int> Deleted);

public sealed record RetentionReport(DateTimeOffset At, IReadOnlyList<TenantPurge> Tenants);

/// <summary>
/// Purges, tenant by tenant, what is older than the tenant's <c>RetentionDays</c>: ended sessions (and their
/// presence rows), timeline events, security keys, offers, attempt counters, report facts (whole day partitions) and
/// contact history. Every query stays inside the tenant's partitions or key range, so a run never touches another
/// tenant's rows. Sessions that have not ended are kept whatever their age. Idempotent: a second run finds nothing.
/// </summary>
public sealed class RetentionService(CoBrowseTables tables, TimeProvider clock, RetentionOptions options)
{
    /// <summary>Tenants live in the "tenant" partition of the Tenants table (see TableTenantStore).</summary>
    private const string TenantPartition = "tenant";

    /// <summary>Attempt counters hold brute-force windows; never drop one younger than this, whatever the retention.</summary>
    private static readonly TimeSpan MinimumAttemptAge = TimeSpan.FromDays(1);

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var purged = new List<TenantPurge>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TenantPartition}");
        await foreach (var tenant in tables.Tenants.QueryAsync<TableEntity>(filter, select: ["RowKey", "RetentionDays"], cancellationToken: cancellationToken))
        {
            var days = tenant.GetInt32("RetentionDays") ?? 90;
            purged.Add(await PurgeTenantAsync(tenant.RowKey, days, now, cancellationToken));
        }

        return new RetentionReport(now, purged);
    }

    public async Task<TenantPurge> PurgeTenantAsync(string tenantId, int retentionDays, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(retentionDays);
        var tenant = TableErrors.SafeKey(tenantId);
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);

        // Sessions first: their ids name the presence partitions to drop with them.
        var endedSessions = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and CreatedAt lt {cutoff} and State eq {"Ended"}");
        var sessionIds = new List<string>();
        await foreach (var row in tables.Sessions.QueryAsync<TableEntity>(endedSessions, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            sessionIds.Add(row.RowKey);
        }

        deleted["sessions"] = await DeleteAsync(tables.Sessions, endedSessions, cancellationToken);
        var presence = 0;
        foreach (var sessionId in sessionIds)
        {
            var partition = TableErrors.SafeKey($"{tenantId}|{sessionId}");
            presence += await DeleteAsync(tables.Presence, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken);
        }

        deleted["presence"] = presence;
        var beforeCutoff = cutoff.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        deleted["timeline"] = await DeleteAsync(tables.Timeline, InTenantRange(tenant) + " and " + TableClient.CreateQueryFilter($"RowKey lt {beforeCutoff}"), cancellationToken);
        deleted["securityKeys"] = await DeleteAsync(tables.SecurityKeys, TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and ExpiresAt lt {cutoff}"), cancellationToken);
        deleted["offers"] = await DeleteAsync(tables.Offers, TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and ExpiresAt lt {cutoff}"), cancellationToken);
        deleted["attempts"] = await DeleteAsync(tables.Attempts, AttemptsFilter(tenantId, Min(cutoff, now - MinimumAttemptAge)), cancellationToken)
            + await DeleteAsync(tables.Attempts, RateWindowsFilter(tenantId, Min(cutoff, now - MinimumAttemptAge)), cancellationToken);

        // Report facts are partitioned by UTC day: whole days before the cut-off's day go.
        var cutoffDay = TableErrors.SafeKey($"{tenantId}|{cutoff.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
        deleted["sessionFacts"] = await DeleteAsync(tables.SessionFacts, TableClient.CreateQueryFilter($"PartitionKey ge {tenant + "|"} and PartitionKey lt {cutoffDay}"), cancellationToken);

        // Contact history rows are keyed newest first by (max ticks - created ticks): older rows have larger keys.
        var olderThanCutoff = (DateTimeOffset.MaxValue.UtcTicks - cutoff.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        deleted["contactSessions"] = await DeleteAsync(tables.ContactSessions, InTenantRange(tenant) + " and " + TableClient.CreateQueryFilter($"RowKey ge {olderThanCutoff}"), cancellationToken);
        return new TenantPurge(tenantId, retentionDays, cutoff, deleted);
    }

    /// <summary>Partitions <c>{tenant}|…</c>: '|' never appears in ids and '}' sorts right after it.</summary>
    private static string InTenantRange(string tenant) => TableClient.CreateQueryFilter($"PartitionKey ge {tenant + "|"} and PartitionKey lt {tenant + "}"}");

    /// <summary>
    /// Counters <c>key-fail.{tenant}.…</c> not written since <paramref name="before"/>: address windows and the rows of
    /// guesses that redeemed a key (a key lives at most an hour, so none can still span them). The tenant's guess counts
    /// stay: their numbering must never restart under a live key.
    /// </summary>
    private static string AttemptsFilter(string tenantId, DateTimeOffset before)
    {
        var prefix = TableErrors.SafeKey($"key-fail.{tenantId}.");
        var guesses = TableKeyGuessLedger.Partition(tenantId);
        return TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + "/"} and Timestamp lt {before} and (PartitionKey ne {guesses} or RowKey ne {TableKeyGuessLedger.CountsRow})");
    }

    /// <summary>Mint rate-limit windows <c>rate.{tenant}.…</c> (see MintRateLimiter) not written since <paramref name="before"/>.</summary>
    private static string RateWindowsFilter(string tenantId, DateTimeOffset before)
    {
        var prefix = TableErrors.SafeKey($"{Core.Application.MintRateLimiter.ScopePrefix}{tenantId}.");
        return TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + "/"} and Timestamp lt {before}");
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken) =>
        TableBatchDeleter.DeleteAsync(table, filter, options.BatchSize, cancellationToken);
}
