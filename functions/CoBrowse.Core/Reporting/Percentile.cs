namespace CoBrowse.Core.Reporting;

/// <summary>Nearest-rank percentiles: always a value that was observed, so "p90 = 4 min" means a real session took 4 min.</summary>
public static class Percentile
{
    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it; null for no values.</summary>
    public static TimeSpan? Of(IReadOnlyList<TimeSpan> sortedAscending, double percent)
    {
        if (percent is <= 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is in (0, 100].");
        }

        if (sortedAscending.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sortedAscending.Count);
        return sortedAscending[Math.Clamp(rank, 1, sortedAscending.Count) - 1];
    }
}
