using Azure.Identity;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure.Security;
using CoBrowse.Infrastructure.Storage;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoBrowse.Infrastructure;

public static class CoBrowseServiceCollectionExtensions
{
    /// <summary>Everything the API needs besides the host: options, tables, stores, tokens and application services.</summary>
    public static IServiceCollection AddCoBrowse(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrEmpty(o.ConnectionString) || o.TableServiceUri is not null, "Set CoBrowse:Storage:ConnectionString or CoBrowse:Storage:TableServiceUri.")
            .ValidateOnStart();
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations()
            .Validate(o => IsBase64OfAtLeast32Bytes(o.SigningKey), "CoBrowse:Tokens:SigningKey must be base64 of at least 32 random bytes.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(AttemptLimits.Default);
        services.AddOptions<SessionStartOptions>().BindConfiguration(SessionStartOptions.Section)
            .Validate(o => o.SecurityKeyLifetimeSeconds is >= 1 and <= 3600 && o.OfferLifetimeSeconds is >= 1 and <= 86_400, "Key and offer lifetimes must be 1 s to 1 h (keys) / 1 day (offers).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SessionStartOptions>>().Value);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid(), "CoBrowse:RateLimits: WindowSeconds must be 1..3600 and every limit 0 (off) or more.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        services.AddSingleton<MintRateLimiter>();
        services.AddSingleton(sp => CreateTableService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<CoBrowseTables>();
        services.AddHostedService<TableStorageInitializer>();

        services.AddSingleton<ITenantStore, TableTenantStore>();
        services.AddSingleton<IApiKeyStore, TableApiKeyStore>();
        services.AddSingleton<ISessionStore, TableSessionStore>();
        services.AddSingleton<TableTimelineStore>();
        services.AddSingleton<ITimelineStore, FactsRecordingTimelineStore>();
        services.AddSingleton<ISessionFactsStore, TableSessionFactsStore>();
        services.AddSingleton<IContactHistoryStore, TableContactHistoryStore>();
        services.AddSingleton<INavigationThrottle, TableNavigationThrottle>();
        services.AddSingleton<ReportingService>();
        services.AddSingleton<ISecurityKeyStore, TableSecurityKeyStore>();
        services.AddSingleton<IOfferStore, TableOfferStore>();
        services.AddSingleton<IAttemptCounter, TableAttemptCounter>();
        services.AddSingleton<IKeyGuessLedger, TableKeyGuessLedger>();

        services.AddSingleton<JwtTokenService>();
        services.AddSingleton<ITokenIssuer>(sp => sp.GetRequiredService<JwtTokenService>());

        services.AddSingleton<TenantService>();
        services.AddSingleton<TenantCredentialService>();
        services.AddSingleton<AgentTokenService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<KeyGuessLimiter>();
        services.AddSingleton<MirrorResourceService>();
        services.AddSingleton<SecurityKeyService>();
        services.AddSingleton<OfferService>();
        services.AddTransient<Lifecycle.ApplySessionEnd>();
        services.AddCoBrowseWebPubSub(configuration);
        return services;
    }

    private static TableServiceClient CreateTableService(StorageOptions options)
    {
        var client = new TableClientOptions();
        client.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);
        client.Retry.MaxRetries = options.MaxRetries;
        return !string.IsNullOrEmpty(options.ConnectionString)
            ? new TableServiceClient(options.ConnectionString, client)
            : new TableServiceClient(options.TableServiceUri, new DefaultAzureCredential(), client);
    }

    private static bool IsBase64OfAtLeast32Bytes(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= 32;
    }
}
