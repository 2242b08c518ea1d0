using CoBrowse.Core.Application;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>An <see cref="ISessionStore"/> with optimistic concurrency that can play a concurrent writer.</summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly VersionedTable<Session> _table = new();
    private Func<Session, Session>? _concurrentWrite;
    private bool _concurrentWriteEveryTime;

    public int ReplaceAttempts { get; private set; }

    public IReadOnlyList<Session> All => _table.Values;

    /// <summary>Just before the next replace, another writer stores <paramref name="write"/>'s result, so that replace loses.</summary>
    public void SimulateConcurrentWriteOnNextReplace(Func<Session, Session> write)
    {
        _concurrentWrite = write;
        _concurrentWriteEveryTime = false;
    }

    /// <summary>Every replace loses to another writer.</summary>
    public void SimulateConcurrentWriteOnEveryReplace(Func<Session, Session> write)
    {
        _concurrentWrite = write;
        _concurrentWriteEveryTime = true;
    }

    public void Seed(Session session) => _table.Put(Key(session.TenantId, session.SessionId), session);

    public Versioned<Session>? Find(string tenantId, string sessionId) => _table.Get(Key(tenantId, sessionId));

    public Session Stored(string tenantId, string sessionId) =>
        Find(tenantId, sessionId)?.Value ?? throw new InvalidOperationException($"No session {tenantId}/{sessionId}.");

    public Task CreateAsync(Session session, CancellationToken cancellationToken)
    {
        if (!_table.TryAdd(Key(session.TenantId, session.SessionId), session))
        {
            throw new InvalidOperationException($"Session {session.SessionId} already exists.");
        }

        return Task.CompletedTask;
    }

    public Task<Versioned<Session>?> GetAsync(string tenantId, string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(tenantId, sessionId));

    public Task<bool> TryReplaceAsync(Session session, string version, CancellationToken cancellationToken)
    {
        ReplaceAttempts++;
        var key = Key(session.TenantId, session.SessionId);
        if (_concurrentWrite is { } write && _table.Get(key) is { } current)
        {
            if (!_concurrentWriteEveryTime)
            {
                _concurrentWrite = null;
            }

            _table.Put(key, write(current.Value));
        }

        return Task.FromResult(_table.TryReplace(key, session, version));
    }

    public Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, int maxRows, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Session>>(_table.Values
            .Where(s => s.TenantId == query.TenantId
                && (query.IncludeEnded || s.State != SessionState.Ended)
                && (query.InteractionId is null || s.InteractionId == query.InteractionId)
                && (query.CreatedSince is null || s.CreatedAt >= query.CreatedSince))
            .Take(maxRows)
            .ToList());

    private static string Key(string tenantId, string sessionId) => $"{tenantId}/{sessionId}";
}
