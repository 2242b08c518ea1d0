namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>The resolved service: endpoint (scheme://host[:port]/), hub, how REST calls authenticate, and retries.</summary>
public sealed record WebPubSubConnection(Uri Endpoint, string Hub, IWebPubSubAuthorizer Authorizer)
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff; doubles per retry (tests set it to zero).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
