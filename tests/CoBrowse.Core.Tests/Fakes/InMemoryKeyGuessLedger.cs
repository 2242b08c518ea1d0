using CoBrowse.Core.Application;
using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Each tenant's guess counts, changed atomically under a lock, and the numbers of the guesses that redeemed.</summary>
public sealed class InMemoryKeyGuessLedger : IKeyGuessLedger
{
    private readonly Dictionary<string, TenantGuesses> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<long>> _redemptions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>While set, every change fails as a store under contention or outage would.</summary>
    public Exception? Unwritable { get; set; }

    /// <summary>While set, recording a redemption fails like this.</summary>
    public Exception? RedemptionsUnwritable { get; set; }

    public int RedemptionLookups { get; private set; }

    public TenantGuesses Of(string tenantId)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(tenantId) ?? TenantGuesses.None;
        }
    }

    public IReadOnlyCollection<long> RedemptionsOf(string tenantId)
    {
        lock (_gate)
        {
            return [.. _redemptions.GetValueOrDefault(tenantId) ?? []];
        }
    }

    public Task<TenantGuesses> GetAsync(string tenantId, CancellationToken cancellationToken) => Task.FromResult(Of(tenantId));

    public Task<TenantGuesses?> TryChangeAsync(string tenantId, Func<TenantGuesses, TenantGuesses?> change, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Unwritable is { } failure)
            {
                return Task.FromException<TenantGuesses?>(failure);
            }

            var next = change(_counts.GetValueOrDefault(tenantId) ?? TenantGuesses.None);
            if (next is not null)
            {
                _counts[tenantId] = next;
            }

            return Task.FromResult(next);
        }
    }

    public Task RecordRedemptionAsync(string tenantId, long guessNumber, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (RedemptionsUnwritable is { } failure)
            {
                return Task.FromException(failure);
            }

            if (!_redemptions.TryGetValue(tenantId, out var numbers))
            {
                _redemptions[tenantId] = numbers = [];
            }

            numbers.Add(guessNumber);
            return Task.CompletedTask;
        }
    }

    public Task<long> CountRedemptionsAsync(string tenantId, long after, long before, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RedemptionLookups++;
            var numbers = _redemptions.GetValueOrDefault(tenantId) ?? [];
            return Task.FromResult((long)numbers.Count(n => n > after && n < before));
        }
    }
}
