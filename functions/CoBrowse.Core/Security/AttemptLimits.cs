namespace CoBrowse.Core.Security;

/// <summary>
/// Bounds on guessing security keys. With 10^6 codes, a key that survives at most
/// <see cref="MaxGuessesPerKey"/> guesses is found by chance with probability at most MaxGuessesPerKey / 10^6.
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

    /// <summary>Failed redemptions across a tenant per window (a distributed guesser).</summary>
    public int MaxFailuresPerTenant { get; init; } = 100;

    /// <summary>Tenant-wide failed guesses a key outlives; after that it is void and the agent issues a new one.</summary>
    public int MaxGuessesPerKey { get; init; } = 50;

    public DateTimeOffset WindowStart(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);

    public TimeSpan RetryAfter(DateTimeOffset now) => WindowStart(now) + Window - now;
}
