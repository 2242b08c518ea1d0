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

    /// <summary>The tenant's failed-guess count when this key was issued (see <see cref="AttemptLimits.MaxGuessesPerKey"/>).</summary>
    public long TenantFailuresAtIssue { get; init; }

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Accepts what people type: spaces, dashes and dots between digit groups are ignored.</summary>
    public static bool TryNormalize(string? typed, out string code)
    {
        code = new string((typed ?? string.Empty).Where(c => c is not (' ' or '-' or '.')).ToArray());
        return code.Length == Digits && code.All(char.IsAsciiDigit);
    }

    public KeyRedeemability CheckRedeemable(DateTimeOffset now, long tenantFailuresNow, AttemptLimits limits)
    {
        if (RedeemedAt is not null)
        {
            return KeyRedeemability.AlreadyUsed;
        }

        if (now >= ExpiresAt)
        {
            return KeyRedeemability.Expired;
        }

        // Every wrong guess in the tenant could have been aimed at this key, so a key survives only so many.
        return tenantFailuresNow - TenantFailuresAtIssue >= limits.MaxGuessesPerKey
            ? KeyRedeemability.Exhausted
            : KeyRedeemability.Redeemable;
    }
}

public enum KeyRedeemability
{
    Redeemable,
    AlreadyUsed,
    Expired,
    Exhausted,
}
