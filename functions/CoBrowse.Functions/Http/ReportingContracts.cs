using System.Globalization;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Functions.Http;

// Response bodies of the reporting API (metrics, contact history, the timeline's per-session summary).

public sealed record MetricsGroupView(
    string Key,
    int Sessions,
    int StartedSessions,
    double? DurationP50Seconds,
    double? DurationP90Seconds,
    IReadOnlyDictionary<string, int> EndReasons,
    int ControlRequests,
    int ControlApprovals,
    int SessionsWithControlRequest,
    double? ControlRequestRate,
    double? ControlApprovalRate,
    double ControlSeconds)
{
    public static MetricsGroupView From(SessionMetrics m) => new(
        m.Key,
        m.Sessions,
        m.StartedSessions,
        m.DurationP50?.TotalSeconds,
        m.DurationP90?.TotalSeconds,
        m.EndReasons.ToDictionary(r => ReportCsv.Camel(r.Key.ToString()), r => r.Value),
        m.ControlRequests,
        m.ControlApprovals,
        m.SessionsWithControlRequest,
        m.ControlRequestRate,
        m.ControlApprovalRate,
        m.ControlTime.TotalSeconds);
}

public sealed record MetricsResponse(string From, string To, string GroupBy, int RowsRead, MetricsGroupView Totals, IReadOnlyList<MetricsGroupView> Groups)
{
    public static MetricsResponse Of(MetricsReport r) => new(
        Day(r.Range.From), Day(r.Range.To), ReportCsv.Camel(r.GroupBy.ToString()), r.RowsRead, MetricsGroupView.From(r.Totals), r.Groups.Select(MetricsGroupView.From).ToList());

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed record ContactHistoryResponse(string ExternalContactId, IReadOnlyList<SessionView> Sessions, string? ContinuationToken);

/// <summary>One session of an interaction's timeline, summarized: when it was offered, started and ended, and control.</summary>
public sealed record TimelineSessionView(
    string SessionId,
    Channel Channel,
    DateTimeOffset? OfferedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    EndReason? EndReason,
    ActorKind? EndedByKind,
    string? EndedById,
    double? DurationSeconds,
    int ControlRequests,
    int ControlApprovals,
    int ControlDenials,
    double ControlSeconds,
    int Navigations,
    IReadOnlyList<HeldBackHost> HeldBackHosts)
{
    public static TimelineSessionView From(SessionActivity a) => new(
        a.SessionId, a.Channel, a.OfferedAt, a.StartedAt, a.EndedAt, a.EndReason, a.EndedBy?.Kind, a.EndedBy?.Id, a.Duration?.TotalSeconds,
        a.ControlRequests, a.ControlApprovals, a.ControlDenials, a.ControlTime.TotalSeconds, a.Navigations, a.HeldBackHosts);
}
