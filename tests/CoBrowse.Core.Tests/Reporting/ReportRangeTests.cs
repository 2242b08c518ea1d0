using CoBrowse.Core.Application;
using CoBrowse.Core.Reporting;

namespace CoBrowse.Core.Tests.Reporting;

public sealed class ReportRangeTests
{
    [Fact]
    public void BothDaysAreIncluded()
    {
        var range = ReportRange.Parse("2026-02-27", "2026-03-01");
        Assert.Equal([new DateOnly(2026, 2, 27), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 1)], range.Days);
    }

    [Fact]
    public void NinetyTwoDaysAreAllowedAndNinetyThreeAreNot()
    {
        Assert.Equal(92, ReportRange.Parse("2026-01-01", "2026-04-02").DayCount);
        var problem = Assert.Throws<CoBrowseProblemException>(() => ReportRange.Parse("2026-01-01", "2026-04-03"));
        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Theory]
    [InlineData(null, "2026-01-01")]
    [InlineData("2026-01-01", null)]
    [InlineData("2026-1-1", "2026-01-02")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-02")]
    [InlineData("2026-02-30", "2026-03-01")]
    [InlineData("2026-01-02", "2026-01-01")]
    public void MalformedOrReversedRangesAreBadRequests(string? from, string? to) =>
        Assert.Equal(ProblemKind.BadRequest, Assert.Throws<CoBrowseProblemException>(() => ReportRange.Parse(from, to)).Kind);
}
