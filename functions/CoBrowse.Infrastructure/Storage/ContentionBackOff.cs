namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// Many writers on one row (a burst of guesses): jittered, growing pauses spread them out instead of colliding again.
/// </summary>
internal static class ContentionBackOff
{
    /// <summary>How many read-and-write rounds a guarded counter tries before it gives up (and the caller refuses).</summary>
    public const int MaxRounds = 40;

    public static Task DelayAsync(int round, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * Math.Min(round + 1, 10)), cancellationToken);
}
