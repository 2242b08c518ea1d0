using CoBrowse.Core.Application;
using CoBrowse.Core.Security;
using CoBrowse.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CoBrowse.Core.Tests.Security;

public class RateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 10, 0, 20, TimeSpan.Zero);
    private readonly InMemoryAttemptCounter _counter = new();
    private readonly FakeTimeProvider _clock = new(Start);

    private static RateLimitOptions Limits() => new()
    {
        WindowSeconds = 60,
        AgentTokensPerTenant = 4,
        AgentTokensPerAddress = 2,
        NegotiatesPerSubject = 3,
        NegotiatesPerAddress = 5,
    };

    [Fact]
    public void TheDefaultsAreFarAboveWhatConsolesDoAndValid()
    {
        var defaults = new RateLimitOptions();

        Assert.True(defaults.IsValid());
        Assert.Equal(TimeSpan.FromMinutes(1), defaults.Window);
        Assert.True(defaults.AgentTokensPerTenant >= 1000);
        Assert.True(defaults.NegotiatesPerSubject >= 30);
        Assert.True(defaults.NegotiatesPerAddress >= 1000);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3601, 1)]
    [InlineData(60, -1)]
    public void OutOfRangeSettingsAreInvalid(int windowSeconds, int limit)
    {
        Assert.False(new RateLimitOptions { WindowSeconds = windowSeconds, NegotiatesPerSubject = limit }.IsValid());
    }

    [Fact]
    public async Task AnAddressOverItsLimitIsRefusedWithTheRestOfTheWindowAsRetryAfter()
    {
        var limiter = new MintRateLimiter(_counter, _clock, Limits());
        await limiter.AgentTokenAsync("t1", "10.0.0.1", default);
        await limiter.AgentTokenAsync("t1", "10.0.0.1", default);

        var refused = await Assert.ThrowsAsync<CoBrowseProblemException>(() => limiter.AgentTokenAsync("t1", "10.0.0.1", default));

        Assert.Equal(ProblemKind.TooManyRequests, refused.Kind);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.RetryAfter);
        // Another address of the same tenant still has room.
        await limiter.AgentTokenAsync("t1", "10.0.0.2", default);
    }

    [Fact]
    public async Task TheTenantLimitHoldsAcrossAddressesAndLeavesOtherTenantsAlone()
    {
        var limiter = new MintRateLimiter(_counter, _clock, Limits());
        for (var i = 0; i < 4; i++)
        {
            await limiter.AgentTokenAsync("t1", $"10.0.1.{i}", default);
        }

        await Assert.ThrowsAsync<CoBrowseProblemException>(() => limiter.AgentTokenAsync("t1", "10.0.1.99", default));
        await limiter.AgentTokenAsync("t2", "10.0.1.99", default);
    }

    [Fact]
    public async Task TheNextWindowStartsAfresh()
    {
        var limiter = new MintRateLimiter(_counter, _clock, Limits());
        for (var i = 0; i < 3; i++)
        {
            await limiter.NegotiateAsync("t1", "s.abc.customer", "10.0.0.1", default);
        }

        await Assert.ThrowsAsync<CoBrowseProblemException>(() => limiter.NegotiateAsync("t1", "s.abc.customer", "10.0.0.1", default));
        _clock.Advance(TimeSpan.FromSeconds(40));

        await limiter.NegotiateAsync("t1", "s.abc.customer", "10.0.0.1", default);
    }

    [Fact]
    public async Task EveryRequestIsCountedEvenWhenRefusedSoAFloodStaysRefused()
    {
        var limiter = new MintRateLimiter(_counter, _clock, Limits());
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await limiter.NegotiateAsync("t1", $"s.{i}.customer", "10.0.0.7", default);
            }
            catch (CoBrowseProblemException)
            {
                // Expected after the fifth.
            }
        }

        var addressCounts = _counter.Counts.Where(c => c.Key.Contains(".addr.10.0.0.7.", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, Assert.Single(addressCounts).Value);
        Assert.All(_counter.Counts.Keys, k => Assert.StartsWith("rate.t1.negotiate.", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALimitOfZeroCountsNothing()
    {
        var limits = Limits();
        limits.NegotiatesPerAddress = 0;
        limits.NegotiatesPerSubject = 0;
        var limiter = new MintRateLimiter(_counter, _clock, limits);

        for (var i = 0; i < 20; i++)
        {
            await limiter.NegotiateAsync("t1", "s.abc.customer", "10.0.0.1", default);
        }

        Assert.Empty(_counter.Counts);
    }

    [Fact]
    public async Task ACountThatCannotBeMadeIsRefused()
    {
        var limiter = new MintRateLimiter(new UncountableCounter(), _clock, Limits());

        var refused = await Assert.ThrowsAsync<CoBrowseProblemException>(() => limiter.AgentTokenAsync("t1", "10.0.0.1", default));

        Assert.Equal(ProblemKind.TooManyRequests, refused.Kind);
    }

    private sealed class UncountableCounter : IAttemptCounter
    {
        public Task<long> GetAsync(string scope, CancellationToken cancellationToken) => Task.FromResult(0L);

        public Task<long> IncrementAsync(string scope, CancellationToken cancellationToken) => throw new AttemptNotCountedException(scope);
    }
}
