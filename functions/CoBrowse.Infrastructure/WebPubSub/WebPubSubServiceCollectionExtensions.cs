using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoBrowse.Infrastructure.WebPubSub;

public static class WebPubSubServiceCollectionExtensions
{
    public const string HttpClientName = "WebPubSub";

    /// <summary>
    /// Realtime over Web PubSub (section CoBrowse:WebPubSub): key auth from a connection string (locally the relay),
    /// or the endpoint with the managed identity. With neither, a clearly named no-op (<see cref="DisabledRealtime"/>)
    /// so the API runs without realtime.
    /// </summary>
    public static IServiceCollection AddCoBrowseWebPubSub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebPubSubOptions>().BindConfiguration(WebPubSubOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.ConnectionString) || TryParse(o.ConnectionString) is not null, "CoBrowse:WebPubSub:ConnectionString must have an Endpoint and an AccessKey.")
            .ValidateOnStart();
        services.AddSingleton(sp => new WebPubSubHub(sp.GetRequiredService<IOptions<WebPubSubOptions>>().Value.Hub));
        services.AddSingleton<IPresenceStore, TablePresenceStore>();
        services.AddSingleton<ConnectEventHandler>();
        services.AddSingleton<ConnectedEventHandler>();
        services.AddSingleton<DisconnectedEventHandler>();
        services.AddSingleton<UserEventHandler>();
        services.AddSingleton<NavigationEventHandler>();
        services.AddSingleton<PresenceTimeline>();
        services.AddSingleton<UpstreamEventDispatcher>();

        var options = configuration.GetSection(WebPubSubOptions.Section).Get<WebPubSubOptions>() ?? new WebPubSubOptions();
        if (!options.IsConfigured)
        {
            services.AddSingleton<DisabledRealtime>();
            services.AddSingleton<IRealtimeSessionControl>(sp => sp.GetRequiredService<DisabledRealtime>());
            services.AddSingleton<ISessionStatePublisher>(sp => sp.GetRequiredService<DisabledRealtime>());
            services.AddSingleton<IClientAccessMinter>(sp => sp.GetRequiredService<DisabledRealtime>());
            services.AddSingleton<IConnectionPermissions>(sp => sp.GetRequiredService<DisabledRealtime>());
            services.AddSingleton(new UpstreamRequestValidator([], null));
            services.AddHostedService<DisabledRealtimeNotice>();
            return services;
        }

        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan); // per-attempt timeouts are the REST client's
        services.AddSingleton(sp => CreateConnection(sp.GetRequiredService<IOptions<WebPubSubOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WebPubSubRestClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<WebPubSubConnection>(),
            sp.GetRequiredService<ILogger<WebPubSubRestClient>>()));
        services.AddSingleton<IClientAccessMinter>(sp => new ClientAccessTokenMinter(
            sp.GetRequiredService<WebPubSubConnection>(),
            sp.GetRequiredService<WebPubSubRestClient>(),
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<WebPubSubOptions>>().Value.ClientTokenLifetimeMinutes)));
        services.AddSingleton<IConnectionPermissions, WebPubSubConnectionPermissions>();
        services.AddSingleton<IRealtimeSessionControl, WebPubSubSessionControl>();
        services.AddSingleton<ISessionStatePublisher, WebPubSubSessionStatePublisher>();
        services.AddSingleton(sp => CreateValidator(sp.GetRequiredService<IOptions<WebPubSubOptions>>().Value));
        return services;
    }

    public static WebPubSubConnection CreateConnection(WebPubSubOptions options, TimeProvider clock)
    {
        WebPubSubConnection connection;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var parsed = WebPubSubConnectionString.Parse(options.ConnectionString);
            connection = new WebPubSubConnection(parsed.Endpoint, options.Hub, new AccessKeyAuthorizer(parsed.AccessKey, clock));
        }
        else
        {
            connection = new WebPubSubConnection(WebPubSubEndpoint.Normalize(options.Endpoint!), options.Hub, new EntraAuthorizer(new DefaultAzureCredential()));
        }

        return connection with
        {
            RequestTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            MaxRetries = options.MaxRetries,
        };
    }

    /// <summary>Upstream signatures are checked with the connection string's key (or AccessKey) and the secondary key.</summary>
    public static UpstreamRequestValidator CreateValidator(WebPubSubOptions options)
    {
        var parsed = string.IsNullOrWhiteSpace(options.ConnectionString) ? null : WebPubSubConnectionString.Parse(options.ConnectionString);
        var endpoint = parsed?.Endpoint ?? options.Endpoint;
        var keys = new[] { parsed?.AccessKey ?? options.AccessKey, options.SecondaryAccessKey }.OfType<string>().Where(k => k.Length > 0).ToArray();
        return new UpstreamRequestValidator(keys, endpoint?.Authority);
    }

    private static WebPubSubConnectionString? TryParse(string connectionString)
    {
        try
        {
            return WebPubSubConnectionString.Parse(connectionString);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
