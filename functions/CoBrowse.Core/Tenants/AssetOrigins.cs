using System.Text.RegularExpressions;
using CoBrowse.Core.Application;

namespace CoBrowse.Core.Tenants;

/// <summary>
/// The origins a tenant's pages load resources from besides its allowed origins (CDNs, image and font hosts). The
/// agent's console loads page resources from these and nothing else, and writes them into the mirror's
/// Content-Security-Policy, so the check is strict: an origin only (scheme, host, optional port; no path, not even
/// "/"), https unless the host is loopback (local development), at most <see cref="MaxCount"/>.
/// </summary>
public static partial class AssetOrigins
{
    public const int MaxCount = 50;

    public const int MaxLength = 200;

    private const string Field = "assetOrigins";

    /// <summary>The origins in their normalized form (lower case, punycode, no default port), duplicates dropped; a 400 problem for the first bad one.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string?> origins)
    {
        if (origins.Count > MaxCount)
        {
            throw CoBrowseProblemException.BadRequest($"'{Field}' takes at most {MaxCount} origins.");
        }

        var normalized = new List<string>(origins.Count);
        foreach (var origin in origins)
        {
            normalized.Add(Normalize(origin) ?? throw CoBrowseProblemException.BadRequest(
                $"'{Field}' must hold origins only, such as https://cdn.example.com or https://cdn.example.com:8443 (https; http only for localhost " +
                $"or a loopback address; no path, wildcard, user or query): '{Shorten(origin)}' is not one."));
        }

        return normalized.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The origin's normalized form, or null when it is not an acceptable asset origin.</summary>
    public static string? Normalize(string? origin)
    {
        if (origin is null || origin.Length > MaxLength || !OriginShape().IsMatch(origin)
            || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || OriginPolicy.Normalize(origin) is not { } normalized)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback ? normalized : null;
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length <= 80 ? value : value[..80] + "…";

    // Scheme and an authority of host characters only: no path (not even "/"), query, fragment, user, wildcard,
    // whitespace, quote or separator that could end a source expression in a Content-Security-Policy.
    [GeneratedRegex(@"^https?://[\p{L}\p{N}.\-\[\]:]+\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginShape();
}
