using CoBrowse.Functions;
using CoBrowse.LocalStack.Azurite;
using CoBrowse.LocalStack.Demo;
using CoBrowse.LocalStack.Durable;
using CoBrowse.LocalStack.Functions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoBrowse.LocalStack;

/// <summary>The whole local stack in one process: Azurite (started if needed), the durable engine and the HTTP functions.</summary>
public sealed class LocalStackHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AzuriteLauncher _azurite;

    private LocalStackHost(WebApplication app, AzuriteLauncher azurite)
    {
        _app = app;
        _azurite = azurite;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The first address the server listens on, e.g. http://127.0.0.1:7071.</summary>
    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <param name="configure">Lets tests override settings (ports, hub name, timeouts) before anything starts.</param>
    public static async Task<LocalStackHost> StartAsync(string[] args, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder.Configuration);

        var root = RepositoryRoot.Find();
        var azuriteOptions = builder.Configuration.GetSection(AzuriteOptions.Section).Get<AzuriteOptions>() ?? new AzuriteOptions();
        var startupLog = LoggerFactory.Create(b => b.AddConsole()).CreateLogger("CoBrowse.LocalStack");
        var azurite = new AzuriteLauncher(azuriteOptions, message => startupLog.LogInformation("{Message}", message));
        await azurite.EnsureRunningAsync(cancellationToken);
        builder.Configuration["CoBrowse:Storage:ConnectionString"] ??= azuriteOptions.ConnectionString;

        builder.Services.AddCoBrowseFunctions(builder.Configuration);
        builder.Services.AddOptions<LocalDurableOptions>().BindConfiguration(LocalDurableOptions.Section);
        builder.Services.AddSingleton<LocalDurableEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalDurableEngine>());
        builder.Services.AddSingleton<LocalDurableTaskClient>();
        builder.Services.AddOptions<DemoTenantOptions>().BindConfiguration(DemoTenantOptions.Section);
        builder.Services.AddHostedService<DemoTenantSeeder>();

        var app = builder.Build();
        var functionKeys = builder.Configuration.GetSection("LocalStack:FunctionKeys").Get<string[]>() ?? [];
        app.MapHttpFunctions(HostJson.RoutePrefix(root), functionKeys);
        app.MapGet("/", () => Results.Text(
            "CoBrowse local stack\n\n" + string.Join('\n', HttpFunction.DiscoverAll().Select(f => $"{string.Join(',', f.HttpMethods),-6} {f.RoutePattern(HostJson.RoutePrefix(root))}  ({f.Name})"))));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return new LocalStackHost(app, azurite);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
