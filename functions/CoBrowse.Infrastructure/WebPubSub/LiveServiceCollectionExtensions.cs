using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoBrowse.Infrastructure.WebPubSub;

public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// The supervisors' live view: wraps the registered <see cref="ISessionStatePublisher"/> so each state frame also
    /// goes to the tenant's live group, and registers the live-group minter. Call after AddCoBrowse.
    /// </summary>
    public static IServiceCollection AddCoBrowseLive(this IServiceCollection services)
    {
        var realtimeOn = services.Any(d => d.ServiceType == typeof(WebPubSubRestClient));
        if (!realtimeOn)
        {
            services.AddSingleton<ILiveAccessMinter, DisabledLiveAccessMinter>();
            services.AddSingleton<ILiveSnapshotRequester, DisabledLiveSnapshotRequester>();
            return services;
        }

        var original = services.Last(d => d.ServiceType == typeof(ISessionStatePublisher));
        services.Remove(original);
        services.AddSingleton<ISessionStatePublisher>(sp => new LiveSessionStatePublisher(
            (ISessionStatePublisher)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
            sp.GetRequiredService<WebPubSubRestClient>()));
        services.AddSingleton<ILiveAccessMinter>(sp => new LiveAccessMinter(
            sp.GetRequiredService<WebPubSubConnection>(),
            sp.GetRequiredService<WebPubSubRestClient>(),
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<WebPubSubOptions>>().Value.ClientTokenLifetimeMinutes)));
        services.AddSingleton<ILiveSnapshotRequester, WebPubSubLiveSnapshotRequester>();
        var presence = services.Last(d => d.ServiceType == typeof(IPresenceStore));
        services.Remove(presence);
        services.AddSingleton<IPresenceStore>(sp => new LivePresenceStore(
            (IPresenceStore)(presence.ImplementationInstance
                ?? presence.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, presence.ImplementationType!)),
            sp.GetRequiredService<WebPubSubRestClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LivePresenceStore>>()));
        return services;
    }
}
