using CoBrowse.LocalStack.Web;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CoBrowse.LocalStack.Demo;

/// <summary>
/// The demo on the local stack, only when <c>LocalStack:Demo:Enabled</c>: the shop (<c>web/demo/site</c> at
/// <c>/demo/</c>), the agent console app (<c>web/agent</c> at <c>/console/</c>) and the demo backend (<c>/demo/api</c>).
/// </summary>
public static class DemoApps
{
    public static readonly IReadOnlyList<(string Path, string What)> Routes =
    [
        ("/demo/", "demo shop (web/demo/site) with the SDK and the reference messenger"),
        ("/console/", "agent console app (web/agent)"),
        ("/demo/api/...", "demo backend: agent-token, conversations, events, messages, interactions/{id}/end|transfer"),
    ];

    /// <summary>The demo's lines for the route listing at <c>/</c> (none when the demo is off).</summary>
    public static string Listing(WebApplication app) =>
        app.Services.GetRequiredService<IOptions<DemoTenantOptions>>().Value.Enabled
            ? string.Join(string.Empty, Routes.Select(r => $"GET    {r.Path}  ({r.What})\n")) + "\n"
            : string.Empty;

    public static IServiceCollection AddDemoApps(this IServiceCollection services, string productRoutePrefix)
    {
        services.AddSingleton<ConversationStore>();
        services.AddSingleton(new DemoProductApi.Route($"{productRoutePrefix}/v1"));
        services.AddHttpClient<DemoProductApi>();
        return services;
    }

    public static WebApplication MapDemoApps(this WebApplication app, string webFolder)
    {
        if (!app.Services.GetRequiredService<IOptions<DemoTenantOptions>>().Value.Enabled)
        {
            return app;
        }

        ServeFolder(app, Path.Combine(webFolder, "demo", "site"), "/demo");
        var consolePolicy = ConsoleSecurityHeaders.ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<DemoTenantOptions>>().Value.ExtraOrigins);
        ServeFolder(app, Path.Combine(webFolder, "agent"), "/console", context => ConsoleSecurityHeaders.Apply(context.Context.Response, consolePolicy));
        app.MapDemoApi();
        return app;
    }

    /// <summary>Static files with index.html for the folder's root (and a redirect from the path without a slash).</summary>
    private static void ServeFolder(WebApplication app, string folder, string requestPath, Action<StaticFileResponseContext>? onResponse = null)
    {
        if (!Directory.Exists(folder))
        {
            app.Logger.LogWarning("{Folder} does not exist; {Path}/ is not served.", folder, requestPath);
            return;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = requestPath });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = requestPath, OnPrepareResponse = onResponse ?? (_ => { }) });
    }
}
