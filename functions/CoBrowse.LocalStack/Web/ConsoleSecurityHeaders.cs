using CoBrowse.Core.Tenants;

namespace CoBrowse.LocalStack.Web;

/// <summary>
/// Headers of the agent console's pages on the local stack: the browser's own wall around the console. The console
/// itself runs only its own scripts and talks only to its own origin (and Web PubSub over wss). The mirror is an
/// about:blank frame of the console and inherits this policy (checked in Chromium), so the resource directives
/// (images, styles, fonts, media) must let through whatever any tenant may allow — https origins, and http only on
/// loopback (development) or the demo's extra origins — while the policy the mirror writes into its own document
/// narrows them to the joined session's tenant. DNS prefetching is off and no page URL leaves as a Referer.
/// </summary>
public static class ConsoleSecurityHeaders
{
    /// <summary>Development origins on loopback, any port (CSP host sources cannot name an IPv6 literal).</summary>
    private static readonly string[] LoopbackSources = ["http://localhost:*", "http://127.0.0.1:*"];

    public static string ContentSecurityPolicy(IEnumerable<string> extraOrigins)
    {
        var extra = extraOrigins.Select(OriginPolicy.Normalize).OfType<string>().Where(o => o.StartsWith("http://", StringComparison.Ordinal));
        var pageResources = string.Join(' ', new[] { "'self'", "https:" }.Concat(LoopbackSources).Concat(extra).Distinct(StringComparer.Ordinal));
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "connect-src 'self' wss:",
            $"img-src {pageResources} data:",
            $"media-src {pageResources} data:",
            $"font-src {pageResources} data:",
            $"style-src {pageResources} 'unsafe-inline'",
            "object-src 'none'",
            "worker-src 'none'",
            "base-uri 'self'",
            "form-action 'self'");
    }

    public static void Apply(HttpResponse response, string contentSecurityPolicy)
    {
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        response.Headers["X-DNS-Prefetch-Control"] = "off";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
