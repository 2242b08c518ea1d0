using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Security;

public class AttemptLimitsTests
{
    private static readonly AttemptLimits Limits = AttemptLimits.Default;

    [Fact]
    public void TheDefaultsAreATenMinuteWindowFiveFailuresPerAddressAHundredPerTenantAndFiftyGuessesPerKey()
    {
        var limits = AttemptLimits.Default;

        Assert.Equal(TimeSpan.FromMinutes(10), limits.Window);
        Assert.Equal(5, limits.MaxAttemptsPerAddress);
        Assert.Equal(100, limits.MaxFailuresPerTenant);
        Assert.Equal(50, limits.MaxGuessesPerKey);
    }

    [Theory]
    [InlineData("2025-03-04T10:03:17Z", "2025-03-04T10:00:00Z")]
    [InlineData("2025-03-04T10:00:00Z", "2025-03-04T10:00:00Z")]
    [InlineData("2025-03-04T10:09:59.9999999Z", "2025-03-04T10:00:00Z")]
    [InlineData("2025-03-04T10:10:00Z", "2025-03-04T10:10:00Z")]
    [InlineData("2025-03-04T23:59:59Z", "2025-03-04T23:50:00Z")]
    [InlineData("2025-03-04T12:03:00+02:00", "2025-03-04T10:00:00Z")]
    public void WindowStartRoundsDownToTheWindowInUtc(string now, string expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var start = Limits.WindowStart(at);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Theory]
    [InlineData("2025-03-04T10:03:00Z", 420)]
    [InlineData("2025-03-04T10:00:00Z", 600)]
    [InlineData("2025-03-04T10:09:59Z", 1)]
    [InlineData("2025-03-04T12:08:30+02:00", 90)]
    public void RetryAfterIsTheTimeLeftInTheWindow(string now, int expectedSeconds)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var retryAfter = Limits.RetryAfter(at);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), retryAfter);
    }

    [Fact]
    public void RetryAfterIsAlwaysPositive()
    {
        var justBeforeTheEnd = new DateTimeOffset(2025, 3, 4, 10, 10, 0, TimeSpan.Zero).AddTicks(-1);

        var retryAfter = Limits.RetryAfter(justBeforeTheEnd);

        Assert.Equal(TimeSpan.FromTicks(1), retryAfter);
    }

    [Fact]
    public void ACustomWindowChangesTheArithmetic()
    {
        var limits = new AttemptLimits { Window = TimeSpan.FromMinutes(1) };
        var now = new DateTimeOffset(2025, 3, 4, 10, 3, 45, TimeSpan.Zero);

        var start = limits.WindowStart(now);
        var retryAfter = limits.RetryAfter(now);

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 10, 3, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.FromSeconds(15), retryAfter);
    }
}
