using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Functions;
using CoBrowse.Functions.Observability;
using CoBrowse.Infrastructure.Observability;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoBrowse.IntegrationTests.Observability;

/// <summary>
/// The Functions app's own service collection (what Program.cs registers, without running the Functions host):
/// Application Insights resolves with and without a connection string, Information logs reach its provider, and the
/// meter's measurements become Application Insights metrics.
/// </summary>
public sealed class ApplicationInsightsRegistrationTests
{
    [Fact]
    public async Task WithoutAConnectionStringEverythingResolvesAndThereIsNowhereToSend()
    {
        await using var provider = Build([]);

        var configuration = provider.GetRequiredService<TelemetryConfiguration>();
        Assert.NotNull(provider.GetRequiredService<TelemetryClient>());
        Assert.True(string.IsNullOrEmpty(configuration.ConnectionString), configuration.ConnectionString);
        Assert.True(string.IsNullOrEmpty(configuration.InstrumentationKey), configuration.InstrumentationKey);
    }

    [Fact]
    public async Task TheConnectionStringSettingIsUsedAndInformationLogsReachApplicationInsights()
    {
        var connection = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:{ClosedPort()}/";
        await using var provider = Build(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connection });

        Assert.Equal(connection, provider.GetRequiredService<TelemetryConfiguration>().ConnectionString);
        var filters = provider.GetRequiredService<IOptions<LoggerFilterOptions>>().Value;
        Assert.DoesNotContain(filters.Rules, r => r.ProviderName == ApplicationInsightsSetup.LoggerProviderName && r.CategoryName is null);
        var providers = provider.GetServices<ILoggerProvider>().ToList();
        Assert.Equal([ApplicationInsightsSetup.LoggerProviderName], providers.Select(p => p.GetType().FullName));

        // Application Insights is the only provider here, so "enabled" means it takes the line.
        var factory = provider.GetRequiredService<ILoggerFactory>();
        Assert.True(factory.CreateLogger("CoBrowse.Infrastructure.Observability.SessionTelemetry").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Azure.Core.Pipeline").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information)); // logs URLs with query strings
        Assert.False(factory.CreateLogger("System.Net.Http.HttpClient.WebPubSub.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));

        // Requests and dependencies are sampled when busy; log lines, events and exceptions never are.
        var sampling = provider.GetRequiredService<TelemetryConfiguration>().DefaultTelemetrySink.TelemetryProcessors
            .OfType<Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel.AdaptiveSamplingTelemetryProcessor>().ToList();
        Assert.Equal(ApplicationInsightsSetup.NeverSampled, Assert.Single(sampling).ExcludedTypes);
    }

    [Fact]
    public async Task MeterMeasurementsBecomeApplicationInsightsMetricsWithTheirTags()
    {
        await using var provider = Build([]);
        var forwarder = provider.GetServices<IHostedService>().OfType<ApplicationInsightsMetricForwarder>().Single();
        await forwarder.StartAsync(CancellationToken.None);
        var tenant = $"tenant-{Guid.NewGuid():N}"[..20];

        provider.GetRequiredService<CoBrowseMetrics>().SessionEnded(new Session
        {
            TenantId = tenant,
            SessionId = "s1",
            InteractionId = "i1",
            Channel = Channel.WebMessaging,
            State = SessionState.Ended,
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
            UpdatedAt = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
            EndedAt = DateTimeOffset.UtcNow,
            EndReason = EndReason.Inactivity,
            OwnerAgentId = "a1",
        });
        await forwarder.StopAsync(CancellationToken.None);

        var telemetry = provider.GetRequiredService<TelemetryClient>();
        var ended = telemetry.GetMetric(new MetricIdentifier(CoBrowseMetrics.MeterName, "cobrowse.sessions.ended", "tenant", "channel", "reason"));
        var duration = telemetry.GetMetric(new MetricIdentifier(CoBrowseMetrics.MeterName, "cobrowse.sessions.duration", "tenant", "channel", "reason"));
        Assert.True(ended.TryGetDataSeries(out _, false, tenant, "webMessaging", "inactivity"));
        Assert.True(duration.TryGetDataSeries(out _, false, tenant, "webMessaging", "inactivity"));
        Assert.False(ended.TryGetDataSeries(out _, false, tenant, "voice", "inactivity"));
    }

    [Theory]
    [InlineData("ClientId=1f0a2c3d-0000-4000-8000-000000000001;Authorization=AAD", "1f0a2c3d-0000-4000-8000-000000000001")]
    [InlineData("Authorization=aad; ClientId=abc", "abc")]
    [InlineData("ClientId=abc", null)]
    [InlineData("", null)]
    public void TheAuthenticationSettingNamesTheManagedIdentity(string setting, string? clientId) =>
        Assert.Equal(clientId, ApplicationInsightsSetup.ManagedIdentityClientId(setting));

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["CoBrowse:Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        settings["CoBrowse:Tokens:SigningKey"] = Convert.ToBase64String(new byte[32]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCoBrowseFunctions(configuration);
        services.AddCoBrowseApplicationInsights(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static int ClosedPort() => FreePorts.Take(1)[0];
}
