using CoBrowse.Infrastructure;
using Microsoft.Extensions.Options;

namespace CoBrowse.Functions.Http;

/// <summary>The caller's address for rate limits, taken only from sources we trust.</summary>
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
            if (forwarded.Length >= hops)
            {
                return StripPort(forwarded[^hops]);
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static string StripPort(string address) =>
        System.Net.IPEndPoint.TryParse(address, out var endpoint) ? endpoint.Address.ToString() : address;
}
