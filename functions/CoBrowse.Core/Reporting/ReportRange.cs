using System.Globalization;
using CoBrowse.Core.Application;

namespace CoBrowse.Core.Reporting;

/// <summary>An inclusive range of UTC days, at most <see cref="MaxDays"/> long: what a report reads, day partition by day partition.</summary>
public sealed record ReportRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 92;

    public int DayCount => To.DayNumber - From.DayNumber + 1;

    public IEnumerable<DateOnly> Days => Enumerable.Range(0, DayCount).Select(From.AddDays);

    /// <summary>Parses <c>from</c> and <c>to</c> (yyyy-MM-dd, UTC days, both included); 400 when missing, malformed, reversed or too long.</summary>
    public static ReportRange Parse(string? from, string? to)
    {
        var start = ParseDay(from, "from");
        var end = ParseDay(to, "to");
        if (end < start)
        {
            throw CoBrowseProblemException.BadRequest("'to' must not be before 'from'.");
        }

        var range = new ReportRange(start, end);
        return range.DayCount <= MaxDays
            ? range
            : throw CoBrowseProblemException.BadRequest($"A report covers at most {MaxDays} days; this range has {range.DayCount}.");
    }

    private static DateOnly ParseDay(string? value, string name) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw CoBrowseProblemException.BadRequest($"'{name}' must be a UTC day as yyyy-MM-dd.");
}
