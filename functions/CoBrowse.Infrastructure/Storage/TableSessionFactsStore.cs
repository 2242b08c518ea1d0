using System.Collections.Concurrent;
using System.Globalization;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// Session facts in partitions <c>{tenant}|{yyyyMMdd}</c> (the UTC day the session was created), row key the session
/// id: a report over a range issues one partition query per day and never reads another tenant's or day's rows.
/// </summary>
public sealed class TableSessionFactsStore(CoBrowseTables tables) : ISessionFactsStore
{
    /// <summary>Day partitions read at once: enough to hide latency, few enough not to flood the account.</summary>
    private const int ParallelDays = 8;

    public Task UpsertAsync(SessionFacts facts, CancellationToken cancellationToken) =>
        tables.SessionFacts.UpsertEntityAsync(ToRow(facts), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The columns metrics read (the table's own keys come back anyway).</summary>
    private static readonly string[] MetricsColumns =
    [
        nameof(FactsRow.Channel), nameof(FactsRow.OwnerAgentId), nameof(FactsRow.CreatedAt), nameof(FactsRow.StartedAt), nameof(FactsRow.EndReason),
        nameof(FactsRow.DurationMs), nameof(FactsRow.ControlRequests), nameof(FactsRow.ControlApprovals), nameof(FactsRow.ControlMs),
    ];

    public async Task<IReadOnlyList<SessionFacts>> ReadAsync(string tenantId, ReportRange range, FactsDetail detail, CancellationToken cancellationToken)
    {
        var select = detail == FactsDetail.Metrics ? MetricsColumns : null;
        var found = new ConcurrentBag<SessionFacts>();
        await Parallel.ForEachAsync(
            range.Days,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelDays, CancellationToken = cancellationToken },
            async (day, ct) =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(tenantId, day)}");
                await foreach (var row in tables.SessionFacts.QueryAsync<FactsRow>(filter, maxPerPage: 1000, select: select, cancellationToken: ct))
                {
                    found.Add(FromRow(tenantId, row));
                }
            });
        return found.ToList();
    }

    public static string PartitionOf(string tenantId, DateOnly day) =>
        TableErrors.SafeKey($"{tenantId}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");

    /// <summary>The row for <paramref name="f"/>; public so the benchmark writes exactly what the service writes.</summary>
    public static ITableEntity ToRow(SessionFacts f) => new FactsRow
    {
        PartitionKey = PartitionOf(f.TenantId, f.Day),
        RowKey = TableErrors.SafeKey(f.SessionId),
        InteractionId = f.InteractionId,
        Channel = f.Channel.ToString(),
        OwnerAgentId = f.OwnerAgentId,
        ExternalContactId = f.ExternalContactId,
        CreatedAt = f.CreatedAt,
        StartedAt = f.StartedAt,
        EndedAt = f.EndedAt,
        EndReason = f.EndReason.ToString(),
        DurationMs = f.Duration is { } d ? (long)d.TotalMilliseconds : null,
        ControlRequests = f.ControlRequests,
        ControlApprovals = f.ControlApprovals,
        ControlMs = (long)f.ControlTime.TotalMilliseconds,
        Navigations = f.Navigations,
    };

    private static SessionFacts FromRow(string tenantId, FactsRow r) => new()
    {
        TenantId = tenantId,
        SessionId = r.RowKey,
        InteractionId = r.InteractionId,
        Channel = Enum.Parse<Channel>(r.Channel),
        OwnerAgentId = r.OwnerAgentId,
        ExternalContactId = r.ExternalContactId,
        CreatedAt = r.CreatedAt,
        StartedAt = r.StartedAt,
        EndedAt = r.EndedAt,
        EndReason = Enum.Parse<EndReason>(r.EndReason),
        Duration = r.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        ControlRequests = r.ControlRequests,
        ControlApprovals = r.ControlApprovals,
        ControlTime = TimeSpan.FromMilliseconds(r.ControlMs),
        Navigations = r.Navigations,
    };

    private sealed class FactsRow : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string InteractionId { get; set; } = string.Empty;

        public string Channel { get; set; } = string.Empty;

        public string OwnerAgentId { get; set; } = string.Empty;

        public string? ExternalContactId { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset EndedAt { get; set; }

        public string EndReason { get; set; } = string.Empty;

        public long? DurationMs { get; set; }

        public int ControlRequests { get; set; }

        public int ControlApprovals { get; set; }

        public long ControlMs { get; set; }

        public int Navigations { get; set; }
    }
}
