using System.Net;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure;
using Microsoft.Extensions.Options;

namespace CoBrowse.Functions.Http;

/// <summary>The caller's address for rate limits, taken only from sources we trust, as the group a limit counts (<see cref="ClientAddressGroup"/>).</summary>
public sealed class ClientAddressResolver(IOptions<HttpOptions> options)
{
    public string Resolve(HttpRequest request)
    {
        var hops = options.Value.TrustedProxyHops;
        if (hops > 0)
        {
            var forwarded = request.Headers["X-Forwarded-For"].ToString()
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            // Each trusted proxy appends the address it saw; the client's own entries are further left.
            if (forwarded.Length >= hops && ParseAddress(forwarded[^hops]) is { } proxied)
            {
                return proxied;
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress is { } remote ? ClientAddressGroup.Of(remote) : "unknown";
    }

    /// <summary>Only a real IP address (optionally with a port) counts; anything else falls back to the connection.</summary>
    private static string? ParseAddress(string entry) =>
        IPAddress.TryParse(entry, out var address) ? ClientAddressGroup.Of(address)
        : IPEndPoint.TryParse(entry, out var endpoint) ? ClientAddressGroup.Of(endpoint.Address)
        : null;
}
