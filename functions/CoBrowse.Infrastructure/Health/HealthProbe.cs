using System.Diagnostics;
using System.Net.Sockets;
using CoBrowse.Infrastructure.Observability;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.Health;

/// <summary>
/// Runs every dependency check in parallel, each bounded by <see cref="CheckTimeout"/>, and shares one run among all
/// callers for a few seconds (<see cref="HealthyFor"/>, or <see cref="UnhealthyFor"/> after a failure, so recovery
/// shows quickly): the anonymous health endpoint cannot be used to multiply load on the dependencies.
/// </summary>
public sealed partial class HealthProbe(IEnumerable<IDependencyCheck> checks, CoBrowseMetrics metrics, TimeProvider clock, ILogger<HealthProbe> logger)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan HealthyFor = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan UnhealthyFor = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<HealthReport>? _current;

    /// <summary>The cached report, or a new run with the app's checks plus <paramref name="perCall"/> (checks that need the caller's bindings).</summary>
    public Task<HealthReport> GetAsync(Func<IEnumerable<IDependencyCheck>> perCall, CancellationToken cancellationToken)
    {
        Task<HealthReport> run;
        lock (_gate)
        {
            if (_current is null || IsStale(_current))
            {
                // Not tied to one caller: the run is shared, so one caller going away must not cancel it for the others.
                _current = RunAsync(checks.Concat(perCall()).ToList());
            }

            run = _current;
        }

        return run.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="toRun"/> now, without the cache (tests call the checks through this).</summary>
    public async Task<HealthReport> RunAsync(IReadOnlyList<IDependencyCheck> toRun)
    {
        var results = await Task.WhenAll(toRun.Select(RunOneAsync));
        return new HealthReport(results, clock.GetUtcNow());
    }

    private bool IsStale(Task<HealthReport> run)
    {
        if (!run.IsCompleted)
        {
            return false;
        }

        if (!run.IsCompletedSuccessfully)
        {
            return true;
        }

        var report = run.Result;
        return clock.GetUtcNow() - report.CheckedAt >= (report.IsHealthy ? HealthyFor : UnhealthyFor);
    }

    private async Task<DependencyHealth> RunOneAsync(IDependencyCheck check)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(CheckTimeout);
        DependencyHealth result;
        try
        {
            // WaitAsync as well as the token: a client that ignores cancellation still cannot hold the answer up.
            var status = await check.CheckAsync(timeout.Token).WaitAsync(CheckTimeout);
            result = new DependencyHealth(check.Name, status, ElapsedMs(started), null);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested))
        {
            result = new DependencyHealth(check.Name, DependencyStatus.Timeout, ElapsedMs(started), $"no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            result = new DependencyHealth(check.Name, DependencyStatus.Unhealthy, ElapsedMs(started), Describe(e));
        }

        metrics.DependencyChecked(result.Name, result.IsHealthy, result.LatencyMs);
        if (!result.IsHealthy)
        {
            LogUnhealthy(logger, result.Name, result.Status, result.Error ?? string.Empty, result.LatencyMs);
        }

        return result;
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>What kind of failure, in a few words: exception messages can carry URLs or account names, so none is echoed.</summary>
    private static string Describe(Exception e) => e switch
    {
        Azure.RequestFailedException { Status: > 0 } failed => $"answered {failed.Status}",
        DependencyAnsweredException answered => $"answered {answered.Status}",
        _ when Innermost<SocketException>(e) is { } socket => $"network: {socket.SocketErrorCode}",
        HttpRequestException http => $"network: {http.HttpRequestError}",
        Azure.RequestFailedException => "unreachable",
        _ => e.GetType().Name,
    };

    private static T? Innermost<T>(Exception e)
        where T : Exception
    {
        T? found = null;
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            found = current as T ?? found;
        }

        return found;
    }

    [LoggerMessage(EventId = 6000, EventName = "DependencyUnhealthy", Level = LogLevel.Warning,
        Message = "Health check of {Dependency} failed: {Status} ({Failure}) after {LatencyMs} ms")]
    private static partial void LogUnhealthy(ILogger logger, string dependency, DependencyStatus status, string failure, long latencyMs);
}
