namespace CoBrowse.Core.Timeline;

/// <summary>
/// The part of a customer's page address that reports keep: the path only. Queries and fragments often carry
/// personal data (search terms, tokens, e-mail addresses), so they are cut here even if a client already did.
/// </summary>
public static class PagePath
{
    public const int MaxLength = 512;

    /// <summary>The path of <paramref name="pathOrUrl"/> (a path or an absolute http(s) URL), or null when it is not one.</summary>
    public static string? Normalize(string? pathOrUrl)
    {
        if (string.IsNullOrWhiteSpace(pathOrUrl))
        {
            return null;
        }

        var text = pathOrUrl.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            text = absolute.AbsolutePath;
        }

        var cut = text.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        if (!text.StartsWith('/') || text.StartsWith("//", StringComparison.Ordinal) || text.Any(char.IsControl))
        {
            return null;
        }

        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
