using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace CoBrowse.Functions.Http;

/// <summary>
/// CORS for the routes the customer's page calls: the SDK runs on the tenant's site, another origin than the API.
/// Any origin may read these responses: the calls carry bearer tokens (never cookies, so no credentials mode) or
/// are checked against the tenant's origins by the function itself, which stays the real boundary. Used by the
/// functions, so the Functions host and the local stack answer alike; their triggers also accept OPTIONS.
/// </summary>
public static class CustomerCors
{
    public const string AllowedHeaders = "authorization, content-type";
    public const int MaxAgeSeconds = 600;

    /// <summary>
    /// Answers a preflight with 204, or runs <paramref name="handler"/> through <see cref="Api.HandleAsync"/>; either
    /// way the response (errors included, so the SDK can read problem details) allows the request's origin.
    /// </summary>
    public static Task<IActionResult> HandleAsync(HttpRequest request, string method, ILogger logger, Func<Task<IActionResult>> handler)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Append("Vary", "Origin");
        if (request.Headers.Origin is { Count: 1 } origin && !StringValues.IsNullOrEmpty(origin))
        {
            headers.AccessControlAllowOrigin = origin;

            // A 429's wait must be readable by the SDK on the tenant's origin (not a CORS-safelisted header).
            headers.AccessControlExposeHeaders = "Retry-After";
        }

        if (!HttpMethods.IsOptions(request.Method))
        {
            return Api.HandleAsync(request, logger, handler);
        }

        headers.AccessControlAllowMethods = method.ToUpperInvariant();
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers.CacheControl = "no-store"; // like every answer of a function; the preflight cache follows Max-Age
        return Task.FromResult<IActionResult>(new NoContentResult());
    }
}
