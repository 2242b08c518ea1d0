using CoBrowse.Core.Application;
using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Fakes;

public sealed class InMemorySecurityKeyStore : ISecurityKeyStore
{
    private readonly VersionedTable<SecurityKey> _table = new();

    public int AddAttempts { get; private set; }

    /// <summary>How many of the next adds find their code already held by a live key.</summary>
    public int CodesTakenForNextAdds { get; set; }

    public IReadOnlyList<SecurityKey> All => _table.Values;

    /// <summary>
    /// Awaited before a code is looked up: a test holds guesses here, counted but not yet judged, to interleave them
    /// with other requests.
    /// </summary>
    public Func<string, Task>? BeforeLookup { get; set; }

    public Task<bool> TryAddAsync(SecurityKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        AddAttempts++;
        if (CodesTakenForNextAdds > 0)
        {
            CodesTakenForNextAdds--;
            return Task.FromResult(false);
        }

        var id = Key(key.TenantId, key.Code);
        if (_table.Get(id) is { Value: var existing } && existing.RedeemedAt is null && now < existing.ExpiresAt)
        {
            return Task.FromResult(false);
        }

        _table.Put(id, key);
        return Task.FromResult(true);
    }

    public async Task<Versioned<SecurityKey>?> GetAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        if (BeforeLookup is { } hold)
        {
            await hold(code);
        }

        return _table.Get(Key(tenantId, code));
    }

    public Task<bool> TryReplaceAsync(SecurityKey key, string version, CancellationToken cancellationToken) =>
        Task.FromResult(_table.TryReplace(Key(key.TenantId, key.Code), key, version));

    private static string Key(string tenantId, string code) => $"{tenantId}/{code}";
}
