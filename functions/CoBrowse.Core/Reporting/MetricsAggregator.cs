using System.Globalization;

namespace CoBrowse.Core.Reporting;

/// <summary>Turns session facts into metrics per group. Pure: the same facts always give the same report.</summary>
public static class MetricsAggregator
{
    public static MetricsReport Aggregate(IReadOnlyCollection<SessionFacts> facts, ReportRange range, MetricsGrouping groupBy)
    {
        var groups = facts
            .GroupBy(f => KeyOf(f, groupBy), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Measure(g.Key, g.ToList()), StringComparer.Ordinal);
        if (groupBy == MetricsGrouping.Day)
        {
            // Every day of the range appears, quiet days with zeros, so a chart of the answer has no gaps.
            foreach (var day in range.Days.Select(DayKey).Where(d => !groups.ContainsKey(d)))
            {
                groups[day] = Measure(day, []);
            }
        }

        var ordered = groups.Values.OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return new MetricsReport(range, groupBy, Measure("total", facts.ToList()), ordered, facts.Count);
    }

    public static SessionMetrics Measure(string key, IReadOnlyList<SessionFacts> facts)
    {
        var durations = facts.Where(f => f.Duration is not null).Select(f => f.Duration!.Value).Order().ToList();
        var started = facts.Where(f => f.StartedAt is not null).ToList();
        return new SessionMetrics
        {
            Key = key,
            Sessions = facts.Count,
            StartedSessions = started.Count,
            DurationP50 = Percentile.Of(durations, 50),
            DurationP90 = Percentile.Of(durations, 90),
            EndReasons = facts.GroupBy(f => f.EndReason).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            ControlRequests = facts.Sum(f => f.ControlRequests),
            ControlApprovals = facts.Sum(f => f.ControlApprovals),
            SessionsWithControlRequest = started.Count(f => f.ControlRequests > 0),
            ControlTime = facts.Aggregate(TimeSpan.Zero, (sum, f) => sum + f.ControlTime),
        };
    }

    public static MetricsGrouping ParseGrouping(string? value) => value switch
    {
        null or "" or "day" => MetricsGrouping.Day,
        "channel" => MetricsGrouping.Channel,
        "agent" => MetricsGrouping.Agent,
        _ => throw Application.CoBrowseProblemException.BadRequest("'groupBy' must be 'day', 'channel' or 'agent'."),
    };

    private static string KeyOf(SessionFacts f, MetricsGrouping groupBy) => groupBy switch
    {
        MetricsGrouping.Channel => JsonName(f.Channel.ToString()),
        MetricsGrouping.Agent => f.OwnerAgentId,
        _ => DayKey(f.Day),
    };

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Channels appear as the API spells them (camelCase).</summary>
    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
