namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// A Web PubSub connection string, parsed as the JS SDK does: segments split on ';', each at its first '=', keys
/// case-insensitive, <c>Endpoint</c> required (https:// when it has no scheme), <c>Port</c> replaces the URL's
/// port, <c>Version</c> and unknown keys ignored. The endpoint keeps its trailing '/', like the SDK's.
/// </summary>
public sealed record WebPubSubConnectionString(Uri Endpoint, string AccessKey)
{
    public static WebPubSubConnectionString Parse(string connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';'))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
            }
        }

        if (!values.TryGetValue("Endpoint", out var endpoint) || endpoint.Length == 0)
        {
            throw new FormatException("The Web PubSub connection string has no Endpoint.");
        }

        if (!values.TryGetValue("AccessKey", out var accessKey) || accessKey.Length == 0)
        {
            throw new FormatException("The Web PubSub connection string has no AccessKey.");
        }

        if (!endpoint.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = "https://" + endpoint;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"The Web PubSub endpoint '{endpoint}' is not an http(s) URL.");
        }

        var builder = new UriBuilder(uri);
        if (values.TryGetValue("Port", out var port) && port.Length > 0)
        {
            builder.Port = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536
                ? number
                : throw new FormatException($"The Web PubSub connection string's Port '{port}' is not a port number.");
        }

        return new WebPubSubConnectionString(WebPubSubEndpoint.Normalize(builder.Uri), accessKey);
    }

    /// <summary>Never print the key.</summary>
    public override string ToString() => $"Endpoint={Endpoint}";
}

/// <summary>Endpoint helpers shared by the REST client and the token minter.</summary>
public static class WebPubSubEndpoint
{
    /// <summary>The endpoint as scheme://host[:port]/ (default ports left out, as <c>new URL()</c> does).</summary>
    public static Uri Normalize(Uri endpoint) => new(endpoint.GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>ws(s)://host[:port]/ for the client endpoint.</summary>
    public static string ClientBase(Uri endpoint) =>
        (endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws") + endpoint.GetLeftPart(UriPartial.Authority)[endpoint.Scheme.Length..];
}
