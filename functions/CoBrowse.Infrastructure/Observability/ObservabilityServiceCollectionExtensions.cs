using CoBrowse.Core.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoBrowse.Infrastructure.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>Session telemetry (structured logs and the <see cref="CoBrowseMetrics.MeterName"/> meter) for both hosts.</summary>
    public static IServiceCollection AddCoBrowseObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<CoBrowseMetrics>();
        services.TryAddSingleton<ISessionObserver, SessionTelemetry>();
        return services;
    }
}
