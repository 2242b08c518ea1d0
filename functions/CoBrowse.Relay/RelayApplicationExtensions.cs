using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoBrowse.Relay;

/// <summary>Hosting: <c>AddWebPubSubRelay</c> registers the services, <c>UseWebPubSubRelay</c> maps the client endpoint,
/// the REST API and <c>/api/health</c> on the app's own server.</summary>
public static class RelayApplicationExtensions
{
    public static IServiceCollection AddWebPubSubRelay(this IServiceCollection services, IConfiguration section) =>
        services.AddWebPubSubRelay(section.Get<RelayOptions>() ?? new RelayOptions());

    public static IServiceCollection AddWebPubSubRelay(this IServiceCollection services, RelayOptions options)
    {
        if (options.AccessKeys.Length == 0 || options.AccessKeys.Any(string.IsNullOrEmpty))
        {
            throw new InvalidOperationException("The relay needs at least one non-empty access key (AccessKeys).");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<RelayHub>();
        services.AddSingleton<ClientMessageHandler>();
        services.AddSingleton<ClientEndpoint>();
        services.AddHostedService<RelayShutdown>();
        return services;
    }

    public static WebApplication UseWebPubSubRelay(this WebApplication app)
    {
        app.UseWebSockets();
        // Open sockets would otherwise hold up shutdown until the host's timeout.
        var hub = app.Services.GetRequiredService<RelayHub>();
        app.Lifetime.ApplicationStopping.Register(() => RelayHub.CloseAll(hub.All, RelayShutdown.StoppingReason, status: System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable));
        app.Map("/client/hubs/{hub}", (HttpContext context, ClientEndpoint endpoint, string hub) => endpoint.HandleAsync(context, hub));
        app.Map("/client", (HttpContext context, ClientEndpoint endpoint, string? hub) => endpoint.HandleAsync(context, hub ?? ""));
        RestApi.Map(app);
        return app;
    }
}
