using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoBrowse.Infrastructure.Health;

public static class HealthServiceCollectionExtensions
{
    public const string HttpClientName = "Health";

    /// <summary>The dependency checks behind <c>GET /api/v1/health</c> (the durable one is added per call, with the bound client).</summary>
    public static IServiceCollection AddCoBrowseHealth(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, client => client.Timeout = HealthProbe.CheckTimeout);
        services.AddSingleton<IDependencyCheck, TableStorageCheck>();
        services.AddSingleton<IDependencyCheck>(sp => new WebPubSubCheck(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetService<WebPubSubConnection>()?.Endpoint));
        services.TryAddSingleton<HealthProbe>();
        return services;
    }
}
