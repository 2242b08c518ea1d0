namespace CoBrowse.Core.Security;

/// <summary>
/// Bounds on guessing security keys. With 10^6 codes, a key that survives at most
/// <see cref="MaxGuessesPerKey"/> guesses is found by chance with probability at most MaxGuessesPerKey / 10^6.
/// Each bound holds under any concurrency: a guess is counted in every bound before it is judged, a judgement counts
/// the guesses still in flight as wrong, and a guess that cannot be counted is refused (see KeyGuessLimiter).
/// </summary>
public sealed record AttemptLimits
{
    public static AttemptLimits Default { get; } = new();

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Redemption attempts one client address may make per window. Every attempt counts, and it is counted before it
    /// is judged, so parallel requests cannot slip past the limit.
    /// </summary>
    public int MaxAttemptsPerAddress { get; init; } = 5;

    /// <summary>
    /// Guesses across a tenant per window that do not start a session (a distributed guesser): a well-formed key from
    /// an address within its limit takes a place in the window before it is judged and gives it back only if it
    /// redeems a key. No more are admitted while the window holds this many.
    /// </summary>
    public int MaxFailuresPerTenant { get; init; } = 100;

    /// <summary>
    /// Tenant-wide guesses a key outlives (those counted after its issue that did not redeem a key, including any still
    /// being judged); after that it is void and the agent issues a new one.
    /// </summary>
    public int MaxGuessesPerKey { get; init; } = 50;

    public DateTimeOffset WindowStart(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);

    public TimeSpan RetryAfter(DateTimeOffset now) => WindowStart(now) + Window - now;
}
