using CoBrowse.Core.Application;
using CoBrowse.Core.Security;
using CoBrowse.Core.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CoBrowse.LocalStack.Demo;

/// <summary>Seeds the demo tenant and its API key once the server listens (its own origins depend on the port).</summary>
public sealed partial class DemoTenantSeeder(
    IOptions<DemoTenantOptions> options,
    ITenantStore tenants,
    IApiKeyStore apiKeys,
    IServer server,
    TimeProvider clock,
    ILogger<DemoTenantSeeder> logger) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Enabled || await tenants.GetAsync(demo.TenantId, cancellationToken) is not null)
        {
            return;
        }

        var ownOrigins = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var localhostAliases = ownOrigins.Select(a => a.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        var tenant = new Tenant
        {
            TenantId = demo.TenantId,
            Name = "Demo Shop",
            SiteKey = demo.SiteKey,
            AllowedOrigins = ownOrigins.Concat(localhostAliases).Concat(demo.ExtraOrigins)
                .Select(OriginPolicy.Normalize).OfType<string>().Distinct().ToList(),
            AssetOrigins = AssetOrigins.Validate(demo.AssetOrigins),
            MaskSelectors = [".account-number"],
            BlockSelectors = ["#pay-now"],
            CreatedAt = clock.GetUtcNow(),
        };
        if (await tenants.TryCreateAsync(tenant, cancellationToken))
        {
            await apiKeys.AddAsync(demo.TenantId, demo.ApiKeyId, SecretHasher.Hash(demo.ApiKeySecret), clock.GetUtcNow(), cancellationToken);
            LogSeeded(logger, demo.TenantId, demo.SiteKey, string.Join(", ", tenant.AllowedOrigins));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Seeded demo tenant {TenantId} (site key {SiteKey}; origins {Origins})")]
    private static partial void LogSeeded(ILogger logger, string tenantId, string siteKey, string origins);
}
