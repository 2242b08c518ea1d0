using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>Sessions partitioned by tenant; every transition is an ETag-guarded replace.</summary>
public sealed class TableSessionStore(CoBrowseTables tables) : ISessionStore
{
    /// <summary>Indexes the session under its external contact first, so a created session is never missing from the history.</summary>
    public async Task CreateAsync(Session session, CancellationToken cancellationToken)
    {
        await TableContactHistoryStore.IndexAsync(tables, session, cancellationToken);
        await tables.Sessions.AddEntityAsync(ToRow(session), cancellationToken);
    }

    public async Task<Versioned<Session>?> GetAsync(string tenantId, string sessionId, CancellationToken cancellationToken)
    {
        var row = await tables.Sessions.FindAsync<SessionRow>(TableErrors.SafeKey(tenantId), TableErrors.SafeKey(sessionId), cancellationToken);
        return row is null ? null : new Versioned<Session>(FromRow(row), row.ETag.ToString());
    }

    public Task<bool> TryReplaceAsync(Session session, string version, CancellationToken cancellationToken) =>
        tables.Sessions.TryReplaceAsync(ToRow(session), version, cancellationToken);

    /// <summary>One partition (the tenant), filtered by the service: never a scan across tenants.</summary>
    public async Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, int maxRows, CancellationToken cancellationToken)
    {
        var ended = nameof(SessionState.Ended);
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {query.TenantId}") };
        if (!query.IncludeEnded)
        {
            clauses.Add(TableClient.CreateQueryFilter($"State ne {ended}"));
        }

        if (query.InteractionId is { } interactionId)
        {
            clauses.Add(TableClient.CreateQueryFilter($"InteractionId eq {interactionId}"));
        }

        if (query.CreatedSince is { } since)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedAt ge {since}"));
        }

        var found = new List<Session>();
        await foreach (var row in tables.Sessions.QueryAsync<SessionRow>(string.Join(" and ", clauses), maxPerPage: Math.Min(maxRows, 1000), cancellationToken: cancellationToken))
        {
            found.Add(FromRow(row));
            if (found.Count >= maxRows)
            {
                break;
            }
        }

        return found;
    }

    private static SessionRow ToRow(Session s) => new()
    {
        PartitionKey = s.TenantId,
        RowKey = s.SessionId,
        InteractionId = s.InteractionId,
        Channel = s.Channel.ToString(),
        State = s.State.ToString(),
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        OwnerAgentId = s.OwnerAgentId,
        ExternalContactId = s.ExternalContactId,
        StartedAt = s.StartedAt,
        EndedAt = s.EndedAt,
        EndReason = s.EndReason?.ToString(),
        EndedByKind = s.EndedBy?.Kind.ToString(),
        EndedById = s.EndedBy?.Id,
        ControlAgentId = s.ControlAgentId,
        Version = s.Version,
    };

    private static Session FromRow(SessionRow r) => new()
    {
        TenantId = r.PartitionKey,
        SessionId = r.RowKey,
        InteractionId = r.InteractionId,
        Channel = Enum.Parse<Channel>(r.Channel),
        State = Enum.Parse<SessionState>(r.State),
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        OwnerAgentId = r.OwnerAgentId,
        ExternalContactId = r.ExternalContactId,
        StartedAt = r.StartedAt,
        EndedAt = r.EndedAt,
        EndReason = r.EndReason is null ? null : Enum.Parse<EndReason>(r.EndReason),
        EndedBy = r.EndedByKind is null ? null : new Actor(Enum.Parse<ActorKind>(r.EndedByKind), r.EndedById ?? string.Empty),
        ControlAgentId = r.ControlAgentId,
        Version = r.Version,
    };

    private sealed class SessionRow : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string InteractionId { get; set; } = string.Empty;

        public string Channel { get; set; } = string.Empty;

        public string State { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public string OwnerAgentId { get; set; } = string.Empty;

        public string? ExternalContactId { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public string? EndReason { get; set; }

        public string? EndedByKind { get; set; }

        public string? EndedById { get; set; }

        public string? ControlAgentId { get; set; }

        public int Version { get; set; }
    }
}
