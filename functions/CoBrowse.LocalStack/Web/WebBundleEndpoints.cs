using Microsoft.Extensions.FileProviders;

namespace CoBrowse.LocalStack.Web;

public static class WebBundleEndpoints
{
    /// <summary>Serves web/dist under /static: the customer snippet at /static/cobrowse.js, the console at /static/console.js.</summary>
    public static IApplicationBuilder MapWebBundles(this IApplicationBuilder app, string dist) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(dist),
            RequestPath = "/static",
            // Local builds change often; never serve a stale bundle.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
}
