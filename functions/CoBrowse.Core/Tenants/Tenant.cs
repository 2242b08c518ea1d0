using System.Text.RegularExpressions;
using CoBrowse.Core.Channels;

namespace CoBrowse.Core.Tenants;

/// <summary>A company that embeds CoBrowse, with the settings that shape its sessions.</summary>
public sealed partial record Tenant
{
    public required string TenantId { get; init; }

    public required string Name { get; init; }

    /// <summary>The public key the customer SDK is initialised with; maps a page to its tenant.</summary>
    public required string SiteKey { get; init; }

    /// <summary>The site key before the last rotation, still accepted until <see cref="PreviousSiteKeyValidUntil"/> (pages not yet updated).</summary>
    public string? PreviousSiteKey { get; init; }

    public DateTimeOffset? PreviousSiteKeyValidUntil { get; init; }

    /// <summary>Origins (scheme://host[:port]) whose pages may start and join sessions.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Origins besides <see cref="AllowedOrigins"/> that the tenant's pages load resources from (CDNs): the agent's
    /// console loads page resources only from these two lists (see <see cref="ResourcePolicy"/>).
    /// </summary>
    public IReadOnlyList<string> AssetOrigins { get; init; } = [];

    /// <summary>The tenant's knowing opt-in: the agent's console may load page resources from any https host.</summary>
    public bool AllowAnyHttpsAssets { get; init; }

    public IReadOnlyList<string> MaskSelectors { get; init; } = [];

    public IReadOnlyList<string> RedactSelectors { get; init; } = [];

    public IReadOnlyList<string> BlockSelectors { get; init; } = [];

    public ChannelTimeoutOverrides? Timeouts { get; init; }

    public int RetentionDays { get; init; } = 90;

    public required DateTimeOffset CreatedAt { get; init; }

    public InactivityTimeouts InactivityTimeouts => InactivityTimeouts.Default.OverriddenBy(Timeouts);

    public bool AllowsOrigin(string? origin) =>
        OriginPolicy.Normalize(origin) is { } normalized
        && AllowedOrigins.Any(allowed => string.Equals(OriginPolicy.Normalize(allowed), normalized, StringComparison.Ordinal));

    /// <summary>The current site key, or the previous one during its grace period; sessions already running never ask again.</summary>
    public bool AcceptsSiteKey(string siteKey, DateTimeOffset now) =>
        string.Equals(siteKey, SiteKey, StringComparison.Ordinal)
        || (PreviousSiteKey is not null && string.Equals(siteKey, PreviousSiteKey, StringComparison.Ordinal) && now < PreviousSiteKeyValidUntil);

    /// <summary>Tenant ids appear in table keys, token claims and API keys: lower-case letters, digits and dashes only.</summary>
    public static bool IsValidId(string? id) => id is not null && TenantIdPattern().IsMatch(id);

    // \z, not $: $ would also match before a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]\z")]
    private static partial Regex TenantIdPattern();
}
