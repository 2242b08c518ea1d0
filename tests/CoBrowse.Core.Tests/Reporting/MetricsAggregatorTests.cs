using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Tests.Reporting;

public sealed class MetricsAggregatorTests
{
    private static readonly ReportRange March1To3 = ReportRange.Parse("2026-03-01", "2026-03-03");
    private static int _ids;

    private static SessionFacts Facts(string agent, Channel channel, int day, int? durationSeconds, EndReason reason, int requests = 0, int approvals = 0, int controlSeconds = 0)
    {
        var created = new DateTimeOffset(2026, 3, day, 23, 59, 0, TimeSpan.Zero);
        return new SessionFacts
        {
            TenantId = "t",
            SessionId = $"s{Interlocked.Increment(ref _ids)}",
            InteractionId = "i",
            Channel = channel,
            OwnerAgentId = agent,
            CreatedAt = created,
            StartedAt = durationSeconds is null ? null : created.AddSeconds(5),
            EndedAt = created.AddSeconds(5 + (durationSeconds ?? 0)),
            EndReason = reason,
            Duration = durationSeconds is { } d ? TimeSpan.FromSeconds(d) : null,
            ControlRequests = requests,
            ControlApprovals = approvals,
            ControlTime = TimeSpan.FromSeconds(controlSeconds),
        };
    }

    private static readonly SessionFacts[] Sample =
    [
        Facts("alice", Channel.Voice, 1, 60, EndReason.CustomerEnded, requests: 2, approvals: 1, controlSeconds: 20),
        Facts("alice", Channel.Voice, 1, 120, EndReason.AgentEnded),
        Facts("alice", Channel.WebChat, 1, null, EndReason.OfferDeclined),
        Facts("bob", Channel.WebMessaging, 3, 600, EndReason.Inactivity, requests: 1, approvals: 1, controlSeconds: 300),
        Facts("bob", Channel.Voice, 3, null, EndReason.KeyExpired),
    ];

    [Fact]
    public void TotalsCountEverySessionButDurationsOnlyOfStartedOnes()
    {
        var totals = MetricsAggregator.Aggregate(Sample, March1To3, MetricsGrouping.Day).Totals;

        Assert.Equal(5, totals.Sessions);
        Assert.Equal(3, totals.StartedSessions);
        Assert.Equal(TimeSpan.FromSeconds(120), totals.DurationP50);
        Assert.Equal(TimeSpan.FromSeconds(600), totals.DurationP90);
        Assert.Equal(3, totals.ControlRequests);
        Assert.Equal(2, totals.ControlApprovals);
        Assert.Equal(2.0 / 3, totals.ControlApprovalRate);
        Assert.Equal(2.0 / 3, totals.ControlRequestRate);
        Assert.Equal(TimeSpan.FromSeconds(320), totals.ControlTime);
        Assert.Equal(1, totals.EndReasons[EndReason.OfferDeclined]);
        Assert.Equal(5, totals.EndReasons.Values.Sum());
        Assert.False(totals.EndReasons.ContainsKey(EndReason.Error));
    }

    [Fact]
    public void ByDayEveryDayOfTheRangeAppearsQuietOnesWithZeros()
    {
        var report = MetricsAggregator.Aggregate(Sample, March1To3, MetricsGrouping.Day);

        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03"], report.Groups.Select(g => g.Key));
        Assert.Equal([3, 0, 2], report.Groups.Select(g => g.Sessions));
        Assert.Null(report.Groups[1].DurationP50);
        Assert.Null(report.Groups[1].ControlApprovalRate);
        Assert.Equal(5, report.RowsRead);
    }

    [Fact]
    public void ByChannelAndByAgent()
    {
        var byChannel = MetricsAggregator.Aggregate(Sample, March1To3, MetricsGrouping.Channel);
        Assert.Equal(["voice", "webChat", "webMessaging"], byChannel.Groups.Select(g => g.Key));
        var voice = byChannel.Groups[0];
        Assert.Equal((3, 2), (voice.Sessions, voice.StartedSessions));
        Assert.Equal(TimeSpan.FromSeconds(60), voice.DurationP50);
        Assert.Equal(0.5, voice.ControlRequestRate);
        Assert.Equal(0.5, voice.ControlApprovalRate);

        var byAgent = MetricsAggregator.Aggregate(Sample, March1To3, MetricsGrouping.Agent);
        Assert.Equal(["alice", "bob"], byAgent.Groups.Select(g => g.Key));
        Assert.Equal([3, 2], byAgent.Groups.Select(g => g.Sessions));
    }

    [Fact]
    public void TheSameFactsInAnyOrderGiveTheSameNumbers()
    {
        var forward = MetricsAggregator.Aggregate(Sample, March1To3, MetricsGrouping.Agent);
        var backward = MetricsAggregator.Aggregate(Sample.Reverse().ToList(), March1To3, MetricsGrouping.Agent);
        Assert.Equal(forward.Groups.Select(g => (g.Key, g.Sessions, g.DurationP50, g.DurationP90, g.ControlTime)), backward.Groups.Select(g => (g.Key, g.Sessions, g.DurationP50, g.DurationP90, g.ControlTime)));
    }

    [Fact]
    public void NoFactsGiveZerosAndNoRates()
    {
        var totals = MetricsAggregator.Aggregate([], March1To3, MetricsGrouping.Channel).Totals;
        Assert.Equal(0, totals.Sessions);
        Assert.Null(totals.DurationP50);
        Assert.Null(totals.ControlRequestRate);
        Assert.Null(totals.ControlApprovalRate);
    }

    [Theory]
    [InlineData("week")]
    [InlineData("Channel")]
    public void UnknownGroupingsAreBadRequests(string groupBy) =>
        Assert.Equal(ProblemKind.BadRequest, Assert.Throws<CoBrowseProblemException>(() => MetricsAggregator.ParseGrouping(groupBy)).Kind);

    [Fact]
    public void TheSessionsCsvHasOneRowPerSessionWithEndReasonsInApiSpelling()
    {
        var lines = ReportCsv.Sessions(Sample).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.EndsWith(",60,customerEnded,2,1,20,0", lines[1], StringComparison.Ordinal);
        Assert.Contains(",webChat,alice,,2026-03-01T23:59:00.000Z,,", lines[3], StringComparison.Ordinal);
    }
}
