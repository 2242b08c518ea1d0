using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Reporting;

public enum MetricsGrouping
{
    Day,
    Channel,
    Agent,
}

/// <summary>The numbers of one group of sessions (a day, a channel, an agent, or all of them).</summary>
public sealed record SessionMetrics
{
    public required string Key { get; init; }

    /// <summary>Every session in the group, including those the customer never joined.</summary>
    public required int Sessions { get; init; }

    /// <summary>Sessions the customer joined.</summary>
    public required int StartedSessions { get; init; }

    public TimeSpan? DurationP50 { get; init; }

    public TimeSpan? DurationP90 { get; init; }

    /// <summary>How many sessions ended for each reason (only reasons that occurred).</summary>
    public required IReadOnlyDictionary<EndReason, int> EndReasons { get; init; }

    public required int ControlRequests { get; init; }

    public required int ControlApprovals { get; init; }

    /// <summary>Started sessions in which an agent asked for control.</summary>
    public required int SessionsWithControlRequest { get; init; }

    /// <summary>Share of started sessions with a control request; null without started sessions.</summary>
    public double? ControlRequestRate => StartedSessions == 0 ? null : (double)SessionsWithControlRequest / StartedSessions;

    /// <summary>Share of control requests the customer approved; null without requests.</summary>
    public double? ControlApprovalRate => ControlRequests == 0 ? null : (double)ControlApprovals / ControlRequests;

    public required TimeSpan ControlTime { get; init; }
}

/// <summary>A metrics report: totals over the range and one entry per group.</summary>
public sealed record MetricsReport(ReportRange Range, MetricsGrouping GroupBy, SessionMetrics Totals, IReadOnlyList<SessionMetrics> Groups, int RowsRead);
