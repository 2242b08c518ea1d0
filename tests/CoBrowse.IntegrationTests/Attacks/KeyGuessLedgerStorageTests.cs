using CoBrowse.Core.Application;
using CoBrowse.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// The guess ledger on real Table Storage (Azurite): writers racing for one tenant's row never share a place or a
/// number and never pass the window's bound, and redeeming guesses are found by their number range.
/// </summary>
[Collection(KeyStormStackCollection.Name)]
public sealed class KeyGuessLedgerStorageTests(KeyStormStackFixture stack)
{
    private static readonly DateTimeOffset Window = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IKeyGuessLedger _ledger = stack.Stack.Services.GetRequiredService<IKeyGuessLedger>();

    [Fact]
    public async Task ParallelGuessesGetDistinctNumbersAndNoMorePlacesThanTheWindowHas()
    {
        var tenant = $"ledger-{Guid.NewGuid():N}";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            try
            {
                return await _ledger.TryChangeAsync(tenant, g => g.Admit(Window, 60), CancellationToken.None);
            }
            catch (AttemptNotCountedException)
            {
                return null;
            }
        }));

        var admitted = outcomes.OfType<TenantGuesses>().ToList();
        var stored = await _ledger.GetAsync(tenant, CancellationToken.None);
        Assert.InRange(admitted.Count, 1, 60);
        Assert.Equal(Enumerable.Range(1, admitted.Count).Select(n => (long)n), admitted.Select(a => a.Total).Order());
        Assert.Equal(Enumerable.Range(1, admitted.Count).Select(n => (long)n), admitted.Select(a => a.InWindow).Order());
        Assert.Equal(new TenantGuesses(Window, admitted.Count, admitted.Count), stored);
    }

    [Fact]
    public async Task RedeemingGuessesAreCountedByTheirNumbersStrictlyBetweenTheBounds()
    {
        var tenant = $"ledger-{Guid.NewGuid():N}";
        foreach (var number in new long[] { 3, 9, 10, 11, 250, 1_000_000_000_000 })
        {
            await _ledger.RecordRedemptionAsync(tenant, number, CancellationToken.None);
        }

        await _ledger.RecordRedemptionAsync(tenant, 10, CancellationToken.None);

        Assert.Equal(3, await _ledger.CountRedemptionsAsync(tenant, 3, 250, CancellationToken.None));
        Assert.Equal(5, await _ledger.CountRedemptionsAsync(tenant, 3, long.MaxValue, CancellationToken.None));
        Assert.Equal(0, await _ledger.CountRedemptionsAsync(tenant, 11, 250, CancellationToken.None));
        Assert.Equal(0, await _ledger.CountRedemptionsAsync($"{tenant}-other", 0, long.MaxValue, CancellationToken.None));
        Assert.Equal(TenantGuesses.None, await _ledger.GetAsync(tenant, CancellationToken.None));
    }
}
