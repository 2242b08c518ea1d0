using System.ComponentModel.DataAnnotations;

namespace CoBrowse.Infrastructure.Security;

/// <summary>Settings for the agent and customer tokens CoBrowse signs (section CoBrowse:Tokens).</summary>
public sealed class TokenOptions
{
    public const string Section = "CoBrowse:Tokens";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes.</summary>
    [Required]
    [MinLength(44)]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>During a key rotation, tokens signed with the previous key stay valid until they expire.</summary>
    public string? PreviousSigningKey { get; set; }

    public string Issuer { get; set; } = "cobrowse";

    [Range(60, 86_400)]
    public int AgentTokenLifetimeSeconds { get; set; } = 3600;

    [Range(60, 86_400)]
    public int CustomerTokenLifetimeSeconds { get; set; } = 8 * 3600;
}
