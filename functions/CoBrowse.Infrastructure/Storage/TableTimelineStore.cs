using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// One partition per interaction; row keys sort by time and embed the event id, so an upsert of the same event
/// (a retry, a replayed end) leaves exactly one row.
/// </summary>
public sealed class TableTimelineStore(CoBrowseTables tables) : ITimelineStore
{
    public Task RecordAsync(TimelineEvent e, CancellationToken cancellationToken) =>
        tables.Timeline.UpsertEntityAsync(ToRow(e), TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<TimelineEvent>> ListAsync(string tenantId, string interactionId, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(tenantId, interactionId);
        var events = new List<TimelineEvent>();
        await foreach (var row in tables.Timeline.QueryAsync<TimelineRow>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            events.Add(FromRow(tenantId, interactionId, row));
        }

        return events;
    }

    private static string PartitionOf(string tenantId, string interactionId) => TableErrors.SafeKey($"{tenantId}|{interactionId}");

    private static TimelineRow ToRow(TimelineEvent e) => new()
    {
        PartitionKey = PartitionOf(e.TenantId, e.InteractionId),
        RowKey = $"{e.At.UtcTicks:D19}|{e.EventId}",
        SessionId = e.SessionId,
        SessionVersion = e.SessionVersion,
        EventKey = e.EventKey,
        Channel = e.Channel.ToString(),
        Type = e.Type.ToString(),
        At = e.At,
        ActorKind = e.Actor.Kind.ToString(),
        ActorId = e.Actor.Id,
        EndReason = e.EndReason?.ToString(),
        DurationMs = e.Duration is { } d ? (long)d.TotalMilliseconds : null,
        Path = e.Path,
        Hosts = e.HeldBackHosts is null ? null : JsonColumn.Write(e.HeldBackHosts),
    };

    private static TimelineEvent FromRow(string tenantId, string interactionId, TimelineRow r) => new()
    {
        TenantId = tenantId,
        InteractionId = interactionId,
        SessionId = r.SessionId,
        SessionVersion = r.SessionVersion,
        EventKey = r.EventKey,
        Channel = Enum.Parse<Channel>(r.Channel),
        Type = Enum.Parse<TimelineEventType>(r.Type),
        At = r.At,
        Actor = new Actor(Enum.Parse<ActorKind>(r.ActorKind), r.ActorId),
        EndReason = r.EndReason is null ? null : Enum.Parse<EndReason>(r.EndReason),
        Duration = r.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        Path = r.Path,
        HeldBackHosts = r.Hosts is null ? null : JsonColumn.Read<List<HeldBackHost>>(r.Hosts, []),
    };

    private sealed class TimelineRow : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string SessionId { get; set; } = string.Empty;

        public int SessionVersion { get; set; }

        public string? EventKey { get; set; }

        public string Channel { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public DateTimeOffset At { get; set; }

        public string ActorKind { get; set; } = string.Empty;

        public string ActorId { get; set; } = string.Empty;

        public string? EndReason { get; set; }

        public long? DurationMs { get; set; }

        public string? Path { get; set; }

        /// <summary>Held-back hosts as JSON (<c>[{"Host":"…","Count":n}]</c>).</summary>
        public string? Hosts { get; set; }
    }
}
