using CoBrowse.Functions;
using CoBrowse.LocalStack.Azurite;
using CoBrowse.LocalStack.Demo;
using CoBrowse.LocalStack.Durable;
using CoBrowse.LocalStack.Functions;
using CoBrowse.LocalStack.Http;
using CoBrowse.LocalStack.Web;
using CoBrowse.Relay;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoBrowse.LocalStack;

/// <summary>The whole local stack in one process: Azurite (started if needed), the durable engine, the HTTP functions and
/// the Web PubSub-compatible relay (client endpoint <c>/client/hubs/{hub}</c>, REST <c>/api/hubs/{hub}/...</c>).</summary>
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
        var web = new WebWorkspace(root, message => startupLog.LogInformation("{Message}", message));
        await web.EnsureBuiltAsync(cancellationToken);
        builder.Configuration["CoBrowse:Storage:ConnectionString"] ??= azuriteOptions.ConnectionString;
        ConnectFunctionsAndRelay(builder.Configuration);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AnswerRejectionsWithProblems());
        builder.Services.AddCoBrowseFunctions(builder.Configuration);
        builder.Services.AddOptions<LocalDurableOptions>().BindConfiguration(LocalDurableOptions.Section);
        builder.Services.AddSingleton<LocalDurableEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalDurableEngine>());
        builder.Services.AddSingleton<LocalDurableTaskClient>();
        builder.Services.AddOptions<DemoTenantOptions>().BindConfiguration(DemoTenantOptions.Section);
        builder.Services.AddHostedService<DemoTenantSeeder>();
        builder.Services.AddDemoApps(HostJson.RoutePrefix(root));
        builder.Services.AddWebPubSubRelay(builder.Configuration.GetSection("LocalStack:Relay"));
        builder.Services.AddSingleton<TimerFunctionScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TimerFunctionScheduler>()); // timer functions on their schedule

        var app = builder.Build();
        app.UseProblemAnswers($"/{HostJson.RoutePrefix(root)}/v1");
        app.UseWebPubSubRelay();
        app.MapWebBundles(web.Dist);
        app.MapDemoApps(web.Folder);
        var functionKeys = builder.Configuration.GetSection("LocalStack:FunctionKeys").Get<string[]>() ?? [];
        app.MapHttpFunctions(HostJson.RoutePrefix(root), functionKeys);
        app.MapGet("/", () => Results.Text(
            "CoBrowse local stack\n\n" + DemoApps.Listing(app) + string.Join('\n', HttpFunction.DiscoverAll().Select(f => $"{string.Join(',', f.HttpMethods),-6} {f.RoutePattern(HostJson.RoutePrefix(root))}  ({f.Name})"))));

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

    /// <summary>
    /// Points the functions' Web PubSub client at the relay in this process and the relay's upstream events at the
    /// functions' handler (with a function key, as the service's event handler URL carries a system key). Explicit
    /// settings win; an empty <c>LocalStack:Relay:UpstreamUrlTemplate</c> means no upstream.
    /// </summary>
    private static void ConnectFunctionsAndRelay(ConfigurationManager configuration)
    {
        var self = ListenUrl(configuration["Urls"]);
        var accessKey = configuration["LocalStack:Relay:AccessKeys:0"];
        if (self is null || string.IsNullOrEmpty(accessKey))
        {
            return;
        }

        configuration["CoBrowse:WebPubSub:ConnectionString"] ??= $"Endpoint={self.Scheme}://{self.Host};Port={self.Port};AccessKey={accessKey};Version=1.0;";
        var functionKey = configuration["LocalStack:FunctionKeys:0"];
        if (configuration["LocalStack:Relay:UpstreamUrlTemplate"] is null && functionKey is not null)
        {
            configuration["LocalStack:Relay:UpstreamUrlTemplate"] = $"{self.GetLeftPart(UriPartial.Authority)}/api/v1/realtime/upstream?code={Uri.EscapeDataString(functionKey)}";
        }
    }

    /// <summary>The first configured listen URL with a fixed port (port 0 cannot be named before the server starts).</summary>
    private static Uri? ListenUrl(string? urls) =>
        (urls ?? "http://127.0.0.1:7071").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri is { Port: > 0 });

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
