using CoBrowse.Core.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CoBrowse.Core.Tests.Channels;

public class InactivityPolicyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void BeforeTheDeadlineItSaysToCheckAgainAtTheDeadline()
    {
        var lastActivity = _clock.GetUtcNow();
        _clock.Advance(Timeout - TimeSpan.FromSeconds(1));

        var verdict = InactivityPolicy.Evaluate(lastActivity, Timeout, _clock.GetUtcNow());

        Assert.False(verdict.IsExpired);
        Assert.Equal(lastActivity + Timeout, verdict.NextCheck);
        Assert.Equal(InactivityVerdict.CheckAgainAt(lastActivity + Timeout), verdict);
    }

    [Fact]
    public void RightAfterActivityTheDeadlineIsOneTimeoutAway()
    {
        var lastActivity = _clock.GetUtcNow();

        var verdict = InactivityPolicy.Evaluate(lastActivity, Timeout, _clock.GetUtcNow());

        Assert.Equal(InactivityVerdict.CheckAgainAt(lastActivity + Timeout), verdict);
    }

    [Fact]
    public void OneTickBeforeTheDeadlineItIsNotExpired()
    {
        var lastActivity = _clock.GetUtcNow();
        _clock.Advance(Timeout - TimeSpan.FromTicks(1));

        var verdict = InactivityPolicy.Evaluate(lastActivity, Timeout, _clock.GetUtcNow());

        Assert.False(verdict.IsExpired);
    }

    [Fact]
    public void ExactlyAtTheDeadlineItIsExpired()
    {
        var lastActivity = _clock.GetUtcNow();
        _clock.Advance(Timeout);

        var verdict = InactivityPolicy.Evaluate(lastActivity, Timeout, _clock.GetUtcNow());

        Assert.Same(InactivityVerdict.Expired, verdict);
        Assert.True(verdict.IsExpired);
        Assert.Null(verdict.NextCheck);
    }

    [Fact]
    public void AfterTheDeadlineItIsExpired()
    {
        var lastActivity = _clock.GetUtcNow();
        _clock.Advance(Timeout + TimeSpan.FromMinutes(3));

        var verdict = InactivityPolicy.Evaluate(lastActivity, Timeout, _clock.GetUtcNow());

        Assert.True(verdict.IsExpired);
    }

    [Fact]
    public void NewActivityMovesTheDeadline()
    {
        _clock.Advance(TimeSpan.FromMinutes(10));
        var lastActivity = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(10));

        var verdict = InactivityPolicy.Evaluate(lastActivity, Timeout, _clock.GetUtcNow());

        Assert.Equal(InactivityVerdict.CheckAgainAt(lastActivity + Timeout), verdict);
    }

    [Fact]
    public void WithoutATimeoutItNeverExpires()
    {
        var lastActivity = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromDays(30));

        var verdict = InactivityPolicy.Evaluate(lastActivity, null, _clock.GetUtcNow());

        Assert.Same(InactivityVerdict.NeverExpires, verdict);
        Assert.False(verdict.IsExpired);
        Assert.Null(verdict.NextCheck);
    }
}
