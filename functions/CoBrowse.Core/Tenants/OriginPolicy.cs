namespace CoBrowse.Core.Tenants;

/// <summary>Compares web origins exactly (scheme, host, port), as browsers send them in the Origin header.</summary>
public static class OriginPolicy
{
    public static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || origin == "null"
            || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo) || origin.Contains("/.", StringComparison.Ordinal))
        {
            return null;
        }

        // IdnHost drops the brackets of an IPv6 literal; an origin needs them.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
