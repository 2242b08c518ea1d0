using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoBrowse.Infrastructure.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The retention purge (run by the daily timer and <c>POST /admin/retention/run</c>).</summary>
    public static IServiceCollection AddCoBrowseRetention(this IServiceCollection services)
    {
        services.TryAddSingleton(new RetentionOptions());
        services.AddSingleton<RetentionService>();
        return services;
    }
}
