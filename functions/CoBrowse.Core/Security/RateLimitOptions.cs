namespace CoBrowse.Core.Security;

/// <summary>
/// Limits on minting credentials (section CoBrowse:RateLimits), counted in fixed windows. The defaults are far above
/// what real consoles and tenant backends do (an agent token per agent per hour, a negotiate per page load); they
/// stop floods, not people. A limit of 0 switches that counter off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "CoBrowse:RateLimits";

    public int WindowSeconds { get; set; } = 60;

    /// <summary>Agent tokens one tenant (all its API keys together) may mint per window.</summary>
    public int AgentTokensPerTenant { get; set; } = 1200;

    /// <summary>Agent tokens minted per window from one client address, per tenant.</summary>
    public int AgentTokensPerAddress { get; set; } = 1200;

    /// <summary>Negotiates per window for one subject: a session's customer, one agent in one session, one live subscriber.</summary>
    public int NegotiatesPerSubject { get; set; } = 60;

    /// <summary>Negotiates per window from one client address, per tenant (a call center behind one NAT address included).</summary>
    public int NegotiatesPerAddress { get; set; } = 1200;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public bool IsValid() =>
        WindowSeconds is >= 1 and <= 3600
        && new[] { AgentTokensPerTenant, AgentTokensPerAddress, NegotiatesPerSubject, NegotiatesPerAddress }.All(l => l >= 0);
}
