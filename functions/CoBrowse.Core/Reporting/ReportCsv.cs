using System.Globalization;

namespace CoBrowse.Core.Reporting;

/// <summary>The CSV exports: one row per session, or one row per metrics group.</summary>
public static class ReportCsv
{
    private static readonly string[] SessionHeader =
    [
        "sessionId", "interactionId", "channel", "ownerAgentId", "externalContactId", "createdAt", "startedAt", "endedAt",
        "durationSeconds", "endReason", "controlRequests", "controlApprovals", "controlSeconds", "navigations",
    ];

    private static readonly string[] MetricsHeader =
    [
        "group", "sessions", "startedSessions", "durationP50Seconds", "durationP90Seconds", "controlRequests", "controlApprovals",
        "controlRequestRate", "controlApprovalRate", "controlSeconds", "endReasons",
    ];

    public static string Sessions(IEnumerable<SessionFacts> facts) => Csv.Write(SessionHeader, facts.Select(f => new[]
    {
        f.SessionId, f.InteractionId, Camel(f.Channel.ToString()), f.OwnerAgentId, f.ExternalContactId, Time(f.CreatedAt), Time(f.StartedAt), Time(f.EndedAt),
        Seconds(f.Duration), Camel(f.EndReason.ToString()), Count(f.ControlRequests), Count(f.ControlApprovals), Seconds(f.ControlTime), Count(f.Navigations),
    }));

    public static string Metrics(MetricsReport report) => Csv.Write(MetricsHeader, report.Groups.Append(report.Totals).Select(g => new[]
    {
        g.Key, Count(g.Sessions), Count(g.StartedSessions), Seconds(g.DurationP50), Seconds(g.DurationP90), Count(g.ControlRequests), Count(g.ControlApprovals),
        Rate(g.ControlRequestRate), Rate(g.ControlApprovalRate), Seconds(g.ControlTime),
        string.Join(";", g.EndReasons.Select(r => $"{Camel(r.Key.ToString())}={Count(r.Value)}")),
    }));

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Seconds(TimeSpan? span) => span is { } s ? Math.Round(s.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture) : null;

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string? Rate(double? rate) => rate is { } r ? Math.Round(r, 4).ToString(CultureInfo.InvariantCulture) : null;
}
