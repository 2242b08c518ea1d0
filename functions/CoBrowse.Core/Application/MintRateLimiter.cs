using CoBrowse.Core.Security;

namespace CoBrowse.Core.Application;

/// <summary>One counted dimension of a mint: what is counted (e.g. "addr") and whose count it is (e.g. the address).</summary>
public readonly record struct RateScope(string Dimension, string Key, int Limit);

/// <summary>
/// Fixed-window limits on minting agent tokens and realtime client URLs. Every request is counted before it is
/// judged (so a burst in parallel cannot slip past), one counter per dimension; a request over any limit is a 429
/// whose Retry-After is the rest of the window. A count that cannot be made is refused like the key redemption's.
/// </summary>
public sealed class MintRateLimiter(IAttemptCounter counter, TimeProvider clock, RateLimitOptions options)
{
    public const string ScopePrefix = "rate.";

    public Task AgentTokenAsync(string tenantId, string clientAddress, CancellationToken cancellationToken) =>
        EnforceAsync(
            tenantId,
            "agent-tokens",
            [new RateScope("tenant", tenantId, options.AgentTokensPerTenant), new RateScope("addr", clientAddress, options.AgentTokensPerAddress)],
            cancellationToken);

    /// <summary><paramref name="subject"/> names who negotiates for what, e.g. "s.{sid}.customer" or "live.{agent}".</summary>
    public Task NegotiateAsync(string tenantId, string subject, string clientAddress, CancellationToken cancellationToken) =>
        EnforceAsync(
            tenantId,
            "negotiate",
            [new RateScope("subject", subject, options.NegotiatesPerSubject), new RateScope("addr", clientAddress, options.NegotiatesPerAddress)],
            cancellationToken);

    /// <summary>The counter's scope; prefixed by tenant so retention can purge a tenant's windows.</summary>
    public static string Scope(string tenantId, string action, RateScope scope, DateTimeOffset windowStart) =>
        $"{ScopePrefix}{tenantId}.{action}.{scope.Dimension}.{scope.Key}.{windowStart.UtcTicks}";

    private async Task EnforceAsync(string tenantId, string action, RateScope[] scopes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = options.Window;
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        var retryAfter = windowStart + window - now;
        var active = scopes.Where(s => s.Limit > 0).ToArray();

        long[] counts;
        try
        {
            // Independent rows: counted in parallel, one read and one write each.
            counts = await Task.WhenAll(active.Select(s => counter.IncrementAsync(Scope(tenantId, action, s, windowStart), cancellationToken)));
        }
        catch (AttemptNotCountedException)
        {
            throw TooMany(action, retryAfter);
        }

        if (active.Where((scope, i) => counts[i] > scope.Limit).Any())
        {
            throw TooMany(action, retryAfter);
        }
    }

    private static CoBrowseProblemException TooMany(string action, TimeSpan retryAfter) =>
        CoBrowseProblemException.TooManyRequests(
            action == "negotiate"
                ? "Too many connection requests. Wait a moment, then try again."
                : "Too many agent tokens were requested. Wait a moment, then try again.",
            retryAfter);
}
