namespace CoBrowse.Core.Security;

/// <summary>
/// A tenant's security-key guesses, stored as one row and only ever changed as a whole (compare and swap), so the
/// window's count and the numbering cannot disagree. <see cref="InWindow"/>: guesses admitted in the window starting at
/// <see cref="WindowStart"/> that have not redeemed a key, wrong ones and those still being judged alike.
/// <see cref="Total"/>: every guess ever admitted; the value a guess wrote is its number. It never goes down, so a
/// key can tell which guesses came after its issue.
/// </summary>
public sealed record TenantGuesses(DateTimeOffset WindowStart, long InWindow, long Total)
{
    public static TenantGuesses None { get; } = new(DateTimeOffset.MinValue, 0, 0);

    /// <summary>
    /// One more guess in the window starting at <paramref name="windowStart"/>, or null while the window holds
    /// <paramref name="maxPerWindow"/> already. A caller whose clock is behind counts in the stored, newer window:
    /// windows only move forward, so a late clock cannot reset a count.
    /// </summary>
    public TenantGuesses? Admit(DateTimeOffset windowStart, int maxPerWindow)
    {
        var window = windowStart > WindowStart ? windowStart : WindowStart;
        var inWindow = window == WindowStart ? InWindow : 0;
        return inWindow >= maxPerWindow ? null : new TenantGuesses(window, inWindow + 1, Total + 1);
    }

    /// <summary>
    /// A guess admitted in <paramref name="admittedIn"/> redeemed a key: it gives its place in the window back. Null
    /// (nothing to change) once that window is over.
    /// </summary>
    public TenantGuesses? GiveBack(DateTimeOffset admittedIn) =>
        admittedIn == WindowStart && InWindow > 0 ? this with { InWindow = InWindow - 1 } : null;
}
