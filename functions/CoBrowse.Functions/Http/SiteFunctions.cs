using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

public sealed record SiteConfigResponse(
    IReadOnlyList<string> MaskSelectors,
    IReadOnlyList<string> RedactSelectors,
    IReadOnlyList<string> BlockSelectors);

/// <summary>What the customer SDK needs to know about its site before it captures anything: the tenant's privacy and blocking rules.</summary>
public sealed class SiteFunctions(TenantService tenants, ILogger<SiteFunctions> logger)
{
    /// <summary>
    /// Anonymous, but only for a page on one of the tenant's origins. The SDK reads it at the start of each session,
    /// so a tenant's changes reach customers on their next session. Masking rules only add to the SDK's built-in ones.
    /// </summary>
    [Function("Sites_Config")]
    public Task<IActionResult> Config(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "v1/sites/{siteKey}/config")] HttpRequest request,
        string siteKey) =>
        CustomerCors.HandleAsync(request, "get", logger, async () =>
        {
            var tenant = await tenants.RequireSiteAsync(siteKey, PageOrigin(request), request.HttpContext.RequestAborted);
            return ApiResults.Ok(new SiteConfigResponse(tenant.MaskSelectors, tenant.RedactSelectors, tenant.BlockSelectors));
        });

    /// <summary>
    /// Browsers send no Origin on a same-origin GET (a site served from the API's own host, like the local demo); they
    /// say so in Sec-Fetch-Site, which scripts cannot set either, so the request's own origin is the page's.
    /// </summary>
    private static string PageOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 && request.Headers["Sec-Fetch-Site"].ToString() == "same-origin"
            ? $"{request.Scheme}://{request.Host}"
            : origin;
    }
}
