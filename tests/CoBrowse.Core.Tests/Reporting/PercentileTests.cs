using CoBrowse.Core.Reporting;

namespace CoBrowse.Core.Tests.Reporting;

public sealed class PercentileTests
{
    private static List<TimeSpan> Seconds(params int[] values) => values.Select(v => TimeSpan.FromSeconds(v)).Order().ToList();

    [Theory]
    [InlineData(50, 5)]
    [InlineData(90, 9)]
    [InlineData(91, 10)]
    [InlineData(10, 1)]
    [InlineData(100, 10)]
    public void NearestRankOverOneToTen(double percent, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Percentile.Of(Seconds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), percent));

    [Fact]
    public void ASingleValueIsEveryPercentile()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), Percentile.Of(Seconds(42), 50));
        Assert.Equal(TimeSpan.FromSeconds(42), Percentile.Of(Seconds(42), 90));
    }

    [Fact]
    public void ThePercentileIsAlwaysAnObservedValue()
    {
        var values = Seconds(3, 100, 7, 7, 60);
        Assert.Equal(TimeSpan.FromSeconds(7), Percentile.Of(values, 50));
        Assert.Equal(TimeSpan.FromSeconds(100), Percentile.Of(values, 90));
    }

    [Fact]
    public void NoValuesHaveNoPercentile() => Assert.Null(Percentile.Of([], 50));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100.5)]
    public void PercentsOutsideZeroToHundredAreRefused(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.Of(Seconds(1), percent));
}
