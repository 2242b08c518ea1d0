using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CoBrowse.Relay;

/// <summary>
/// Whom a token is for, decided as Azure Web PubSub decides it: a client access token names the client endpoint of
/// the hub, a REST token the exact URL of the one request it was signed for. The relay learns its own endpoint from
/// the request (scheme and <c>Host</c> header), as the official emulator does, so it needs no setting and works on
/// any port; a proxy that rewrites <c>Host</c> would have to keep it.
/// </summary>
public static class TokenAudience
{
    /// <summary><c>{http|https}://{Host}/client/hubs/{hub}</c>: the http(s) scheme of the upgrade request, never ws(s),
    /// as the server SDKs sign it.</summary>
    public static string ClientEndpoint(HttpRequest request, string hub) =>
        $"{request.Scheme}://{request.Host.Value}/client/hubs/{Uri.EscapeDataString(hub)}";

    /// <summary>The service's rule: case-insensitive (hub names are), one trailing <c>/</c> tolerated.</summary>
    public static bool NamesClientEndpoint(string audience, HttpRequest request, string hub)
    {
        var trimmed = audience.EndsWith('/') ? audience[..^1] : audience;
        return string.Equals(trimmed, ClientEndpoint(request, hub), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The exact request URL as the server SDKs sign it (query included): scheme and host compare case-insensitively,
    /// the path and query byte for byte as they came on the wire. Stricter than the emulator, which also takes the URL
    /// without its query and URL-decoded: both SDKs sign the very string they send, and either leniency would let a
    /// token stand for another request (a scoped grant without its <c>targetName</c>, <c>%2F</c> read as <c>/</c>).
    /// </summary>
    public static bool NamesRestRequest(string audience, HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is null || !target.StartsWith('/'))
        {
            return false; // only origin-form targets: what a client (not a proxy) sends
        }

        var origin = $"{request.Scheme}://{request.Host.Value}";
        return audience.Length == origin.Length + target.Length
            && audience.StartsWith(origin, StringComparison.OrdinalIgnoreCase)
            && audience.AsSpan(origin.Length).SequenceEqual(target);
    }
}
