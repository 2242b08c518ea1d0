namespace CoBrowse.Core.Application;

/// <summary>How long a voice key or a messaging/chat offer waits for the customer (section CoBrowse:Sessions).</summary>
public sealed class SessionStartOptions
{
    public const string Section = "CoBrowse:Sessions";

    public int SecurityKeyLifetimeSeconds { get; set; } = 300;

    public int OfferLifetimeSeconds { get; set; } = 300;

    public TimeSpan SecurityKeyLifetime => TimeSpan.FromSeconds(SecurityKeyLifetimeSeconds);

    public TimeSpan OfferLifetime => TimeSpan.FromSeconds(OfferLifetimeSeconds);
}
