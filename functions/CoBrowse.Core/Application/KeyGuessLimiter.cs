using CoBrowse.Core.Observability;
using CoBrowse.Core.Security;

namespace CoBrowse.Core.Application;

/// <summary>A guess admitted for judgement: its number in the tenant's sequence and the window it holds a place in.</summary>
public sealed record AdmittedGuess(string TenantId, long Number, DateTimeOffset Window, long InWindow);

/// <summary>
/// Enforces <see cref="AttemptLimits"/> so that they hold under any concurrency: a guess is counted in every bound it
/// belongs to before it is judged, a judgement counts the guesses still in flight as wrong, and a guess that cannot be
/// counted is refused (429), never judged.
/// </summary>
public sealed class KeyGuessLimiter(IAttemptCounter attempts, IKeyGuessLedger ledger, AttemptLimits limits, ISessionObserver? observer = null)
{
    /// <summary>Counts every redemption attempt, well-formed or not, against its client address; over the limit it is refused.</summary>
    public async Task CountAddressAsync(string tenantId, string clientAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long count;
        try
        {
            count = await attempts.IncrementAsync(AddressWindow(tenantId, clientAddress, now), cancellationToken);
        }
        catch (AttemptNotCountedException)
        {
            throw TooMany(now);
        }

        if (count > limits.MaxAttemptsPerAddress)
        {
            throw TooMany(now);
        }
    }

    /// <summary>
    /// Takes a place in the tenant's window and a number for a well-formed key; refused while the window is full or
    /// when the count cannot be written. A refused guess is neither judged nor counted against any key.
    /// </summary>
    public async Task<AdmittedGuess> AdmitAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = limits.WindowStart(now);
        TenantGuesses? admitted;
        try
        {
            admitted = await ledger.TryChangeAsync(tenantId, guesses => guesses.Admit(window, limits.MaxFailuresPerTenant), cancellationToken);
        }
        catch (AttemptNotCountedException)
        {
            throw TooMany(now);
        }

        return admitted is null ? throw TooMany(now) : new AdmittedGuess(tenantId, admitted.Total, admitted.WindowStart, admitted.InWindow);
    }

    /// <summary>The number a key is issued at: read before the key is stored, so every guess that can find it is numbered later.</summary>
    public async Task<long> IssueNumberAsync(string tenantId, CancellationToken cancellationToken) =>
        (await ledger.GetAsync(tenantId, cancellationToken)).Total;

    /// <summary>
    /// Whether <paramref name="guess"/> may redeem <paramref name="key"/>. Guesses in flight count as wrong; which of the
    /// earlier guesses redeemed a key is only looked up when that could change the answer.
    /// </summary>
    public async Task<KeyRedeemability> CheckAsync(SecurityKey key, AdmittedGuess guess, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var strict = key.CheckRedeemable(now, guess.Number, redeemedSinceIssue: 0, limits);
        if (strict != KeyRedeemability.Exhausted)
        {
            return strict;
        }

        var redeemed = await ledger.CountRedemptionsAsync(key.TenantId, key.TenantGuessesAtIssue, guess.Number, cancellationToken);
        return key.CheckRedeemable(now, guess.Number, redeemed, limits);
    }

    /// <summary>A guess that found no key to redeem keeps its place in the window.</summary>
    public void Rejected(AdmittedGuess guess) => observer?.SecurityKeyRejected(guess.TenantId, guess.InWindow);

    /// <summary>
    /// The guess redeemed a key: recorded as right, so keys stop counting it against their budget, and its place in
    /// the window given back. Both are best effort after the key is spent: one that fails only keeps the bounds stricter.
    /// </summary>
    public async Task RedeemedAsync(AdmittedGuess guess, CancellationToken cancellationToken)
    {
        await BestEffortAsync(() => ledger.RecordRedemptionAsync(guess.TenantId, guess.Number, cancellationToken));
        await BestEffortAsync(() => ledger.TryChangeAsync(guess.TenantId, guesses => guesses.GiveBack(guess.Window), cancellationToken));
    }

    private static async Task BestEffortAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The customer already holds the session; a lost write only counts this guess as wrong.
        }
    }

    private CoBrowseProblemException TooMany(DateTimeOffset now) =>
        CoBrowseProblemException.TooManyRequests("Too many attempts. Wait a few minutes, then try again.", limits.RetryAfter(now));

    private string AddressWindow(string tenantId, string clientAddress, DateTimeOffset now) =>
        $"key-fail.{tenantId}.addr.{clientAddress}.{limits.WindowStart(now).UtcTicks}";
}
