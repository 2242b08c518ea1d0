namespace CoBrowse.Core.Application;

/// <summary>Checks ids that come from callers (interaction, agent, contact ids) before they reach table keys or tokens.</summary>
public static class Identifiers
{
    public const int MaxLength = 128;

    public static string Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw CoBrowseProblemException.BadRequest($"'{name}' is required.");
        }

        if (value.Length > MaxLength || value.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or '|'))
        {
            throw CoBrowseProblemException.BadRequest($"'{name}' must be at most {MaxLength} characters without control characters or / \\ # ? |.");
        }

        return value;
    }

    public static string? Optional(string? value, string name) => value is null ? null : Require(value, name);

    public static string NewSessionId() => "s" + Security.SecretHasher.NewId(12);

    public static string NewOfferId() => "o" + Security.SecretHasher.NewId(18);
}
