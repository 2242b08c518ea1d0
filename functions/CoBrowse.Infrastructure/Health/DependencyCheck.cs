namespace CoBrowse.Infrastructure.Health;

/// <summary>How one dependency answered a health check (camelCase in the API: ok, notConfigured, unhealthy, timeout).</summary>
public enum DependencyStatus
{
    Ok,

    /// <summary>Deliberately absent (e.g. realtime disabled): not a failure.</summary>
    NotConfigured,
    Unhealthy,
    Timeout,
}

/// <summary>One dependency the app cannot work without. Throws when it does not answer as it should.</summary>
public interface IDependencyCheck
{
    /// <summary>The name the health answer uses (camelCase, e.g. <c>tableStorage</c>).</summary>
    string Name { get; }

    /// <returns><see cref="DependencyStatus.Ok"/> or <see cref="DependencyStatus.NotConfigured"/>; anything else is an exception.</returns>
    Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The result of one check: never a connection string, URL, key or exception message, only what kind of failure.</summary>
public sealed record DependencyHealth(string Name, DependencyStatus Status, long LatencyMs, string? Error)
{
    public bool IsHealthy => Status is DependencyStatus.Ok or DependencyStatus.NotConfigured;
}

/// <summary>All checks of one run.</summary>
public sealed record HealthReport(IReadOnlyList<DependencyHealth> Checks, DateTimeOffset CheckedAt)
{
    public bool IsHealthy => Checks.All(c => c.IsHealthy);
}
