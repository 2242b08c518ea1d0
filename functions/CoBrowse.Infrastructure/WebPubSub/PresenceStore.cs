using CoBrowse.Infrastructure.Storage;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>One live realtime connection of a session.</summary>
public sealed record PresenceEntry(string TenantId, string SessionId, string ConnectionId, string UserId, RealtimeRole Role, string? AgentId, DateTimeOffset ConnectedAt);

/// <summary>Which connections a session has right now, so permissions can follow the controlling agent.</summary>
public interface IPresenceStore
{
    /// <summary>Idempotent (a retried connected event writes the same row).</summary>
    Task UpsertAsync(PresenceEntry entry, CancellationToken cancellationToken);

    /// <summary>Idempotent: removing a row that is gone is fine.</summary>
    Task RemoveAsync(string tenantId, string sessionId, string connectionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PresenceEntry>> ListAsync(string tenantId, string sessionId, CancellationToken cancellationToken);
}

/// <summary>Presence rows keyed <c>{tenant}|{sid}</c> / connectionId ('|' never appears in either id).</summary>
public sealed class TablePresenceStore(CoBrowseTables tables) : IPresenceStore
{
    public Task UpsertAsync(PresenceEntry entry, CancellationToken cancellationToken) =>
        tables.Presence.UpsertEntityAsync(
            new PresenceRow
            {
                PartitionKey = Partition(entry.TenantId, entry.SessionId),
                RowKey = TableErrors.SafeKey(entry.ConnectionId),
                ConnectionId = entry.ConnectionId,
                UserId = entry.UserId,
                Role = entry.Role.ToString(),
                AgentId = entry.AgentId,
                ConnectedAt = entry.ConnectedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task RemoveAsync(string tenantId, string sessionId, string connectionId, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Presence.DeleteEntityAsync(Partition(tenantId, sessionId), TableErrors.SafeKey(connectionId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Already gone (a retried disconnected event).
        }
    }

    public async Task<IReadOnlyList<PresenceEntry>> ListAsync(string tenantId, string sessionId, CancellationToken cancellationToken)
    {
        var entries = new List<PresenceEntry>();
        var partition = Partition(tenantId, sessionId);
        await foreach (var row in tables.Presence.QueryAsync<PresenceRow>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            entries.Add(new PresenceEntry(tenantId, sessionId, row.ConnectionId, row.UserId, Enum.Parse<RealtimeRole>(row.Role), row.AgentId, row.ConnectedAt));
        }

        return entries;
    }

    private static string Partition(string tenantId, string sessionId) => TableErrors.SafeKey($"{tenantId}|{sessionId}");

    private sealed class PresenceRow : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ConnectionId { get; set; } = string.Empty;

        public string UserId { get; set; } = string.Empty;

        public string Role { get; set; } = string.Empty;

        public string? AgentId { get; set; }

        public DateTimeOffset ConnectedAt { get; set; }
    }
}
