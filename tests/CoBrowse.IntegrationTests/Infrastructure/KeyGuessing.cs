using System.Globalization;
using CoBrowse.Core.Security;

namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>Helpers for tests that guess security keys against the real limits.</summary>
public static class KeyGuessing
{
    /// <summary>The six-digit codes right after the real one: valid in form, never the key.</summary>
    public static IEnumerable<string> WrongKeys(string key, int count) =>
        Enumerable.Range(1, count).Select(n => ((int.Parse(key, CultureInfo.InvariantCulture) + n) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>
    /// The limits count in fixed windows; a test that straddles a window's end would see its counts reset. Waits for
    /// the next window when less than <paramref name="needed"/> is left in this one.
    /// </summary>
    public static async Task AvoidWindowBoundaryAsync(AttemptLimits limits, TimeSpan needed)
    {
        var left = limits.RetryAfter(DateTimeOffset.UtcNow);
        if (left < needed)
        {
            await Task.Delay(left + TimeSpan.FromSeconds(1));
        }
    }
}
