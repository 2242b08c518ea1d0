using CoBrowse.Infrastructure;
using CoBrowse.Infrastructure.Health;
using CoBrowse.Infrastructure.Observability;
using CoBrowse.Infrastructure.Retention;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The app's services; the local stack calls this too, so both hosts run the same wiring.</summary>
    public static IServiceCollection AddCoBrowseFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCoBrowse(configuration);
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<ClientAddressResolver>();
        services.AddCoBrowseLive();
        services.AddSingleton<LiveSessionList>();
        services.AddCoBrowseRetention();
        services.AddCoBrowseObservability();
        services.AddCoBrowseHealth();
        return services;
    }
}
