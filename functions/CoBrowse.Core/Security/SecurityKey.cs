using System.Security.Cryptography;

namespace CoBrowse.Core.Security;

/// <summary>
/// The short numeric key an agent reads out on a voice call. Single use, short-lived, bound to one pending session.
/// </summary>
public sealed record SecurityKey
{
    public const int Digits = 6;

    public required string TenantId { get; init; }

    public required string Code { get; init; }

    public required string SessionId { get; init; }

    public required string InteractionId { get; init; }

    public required string IssuedBy { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RedeemedAt { get; init; }

    /// <summary>
    /// The tenant's guess number when this key was issued (<see cref="TenantGuesses.Total"/>): guesses numbered up to
    /// it were counted before the key existed, every later one is a guess the key has to survive.
    /// </summary>
    public long TenantGuessesAtIssue { get; init; }

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Accepts what people type: spaces, dashes and dots between digit groups are ignored.</summary>
    public static bool TryNormalize(string? typed, out string code)
    {
        code = new string((typed ?? string.Empty).Where(c => c is not (' ' or '-' or '.')).ToArray());
        return code.Length == Digits && code.All(char.IsAsciiDigit);
    }

    /// <summary>
    /// Whether guess number <paramref name="guessNumber"/> may redeem this key; <paramref name="redeemedSinceIssue"/>
    /// is how many guesses numbered between the key's issue and this guess redeemed a key (0 when not looked up: the
    /// stricter answer).
    /// </summary>
    public KeyRedeemability CheckRedeemable(DateTimeOffset now, long guessNumber, long redeemedSinceIssue, AttemptLimits limits)
    {
        if (RedeemedAt is not null)
        {
            return KeyRedeemability.AlreadyUsed;
        }

        if (now >= ExpiresAt)
        {
            return KeyRedeemability.Expired;
        }

        // Counted before the key existed, so not typed by the customer it was read to; only a blind guess can be.
        if (guessNumber <= TenantGuessesAtIssue)
        {
            return KeyRedeemability.NotIssuedYet;
        }

        // Every other guess in the tenant could have been aimed at this key, so a key survives only so many.
        return GuessesSurvived(guessNumber, redeemedSinceIssue) >= limits.MaxGuessesPerKey
            ? KeyRedeemability.Exhausted
            : KeyRedeemability.Redeemable;
    }

    /// <summary>
    /// Guesses numbered after this key's issue and before <paramref name="guessNumber"/> that did not redeem a key:
    /// the wrong ones and those still being judged, which count as wrong until they redeem.
    /// </summary>
    public long GuessesSurvived(long guessNumber, long redeemedSinceIssue) => guessNumber - 1 - TenantGuessesAtIssue - redeemedSinceIssue;
}

public enum KeyRedeemability
{
    Redeemable,
    AlreadyUsed,
    Expired,
    Exhausted,

    /// <summary>The guess was counted before the key was issued.</summary>
    NotIssuedYet,
}
