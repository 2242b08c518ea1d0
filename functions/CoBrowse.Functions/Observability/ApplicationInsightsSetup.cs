using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Observability;

/// <summary>
/// Application Insights the isolated worker's way: the worker service SDK (requests, dependencies, traces from
/// ILogger with scopes as custom dimensions) plus the Functions worker integration (function name and invocation id
/// on every item). Only the Functions host uses this; the local stack does not. Without
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> the SDK has nowhere to send and sends nothing. The Bicep turns off
/// local (key) auth on the Application Insights resource, so with <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// (<c>ClientId=…;Authorization=AAD</c>) the worker signs its telemetry with that managed identity, as the host does.
/// </summary>
public static class ApplicationInsightsSetup
{
    /// <summary>The logger provider the SDK registers, together with a rule that keeps only warnings and above.</summary>
    public const string LoggerProviderName = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Sampled when busy: requests and dependencies. Always kept: our log lines, events and exceptions.</summary>
    public const string NeverSampled = "Trace;Event;Exception";

    private static readonly string[] FrameworkCategories = ["Microsoft", "System", "Azure", "DurableTask"];

    public static IServiceCollection AddCoBrowseApplicationInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.Configure<LoggerFilterOptions>(LetInformationThrough);

        // The SDK's own adaptive sampling would also drop lifecycle lines under load; ours keeps them (metrics are
        // pre-aggregated by the forwarder, so they are exact either way).
        services.Configure<ApplicationInsightsServiceOptions>(options => options.EnableAdaptiveSampling = false);
        services.Configure<TelemetryConfiguration>(telemetry =>
        {
            var chain = telemetry.DefaultTelemetrySink.TelemetryProcessorChainBuilder;
            chain.UseAdaptiveSampling(maxTelemetryItemsPerSecond: 20, excludedTypes: NeverSampled);
            chain.Build();
        });
        if (ManagedIdentityClientId(configuration[AuthenticationSetting]) is { } clientId)
        {
            services.Configure<TelemetryConfiguration>(telemetry =>
                telemetry.SetAzureTokenCredential(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));
        }

        services.AddHostedService<ApplicationInsightsMetricForwarder>();
        return services;
    }

    /// <summary>
    /// Drops the SDK's default "Warning and above" rule for its provider, so the configured levels (Information by
    /// default: session lifecycle, refusals) reach Application Insights, and keeps chatty SDK categories at warnings.
    /// </summary>
    public static void LetInformationThrough(LoggerFilterOptions options)
    {
        var defaultRule = options.Rules.FirstOrDefault(rule => rule.ProviderName == LoggerProviderName && rule.CategoryName is null);
        if (defaultRule is not null)
        {
            options.Rules.Remove(defaultRule);
        }

        // Framework and SDK categories stay at warnings: their information lines are volume, and some (request
        // starting, HttpClient) print URLs with query strings, such as the upstream handler's function key.
        foreach (var framework in FrameworkCategories)
        {
            options.Rules.Add(new LoggerFilterRule(LoggerProviderName, framework, LogLevel.Warning, null));
        }
    }

    /// <summary>The user-assigned identity's client id from <c>ClientId=…;Authorization=AAD</c>, or null for key auth.</summary>
    public static string? ManagedIdentityClientId(string? authenticationString)
    {
        var parts = (authenticationString ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var mode) && mode.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            && parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0 ? clientId : null;
    }
}
