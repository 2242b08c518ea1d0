using System.ComponentModel.DataAnnotations;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>How CoBrowse reaches Azure Web PubSub, or locally the relay (section CoBrowse:WebPubSub).</summary>
public sealed class WebPubSubOptions
{
    public const string Section = "CoBrowse:WebPubSub";

    /// <summary>Key authentication (<c>Endpoint=…;AccessKey=…[;Port=…]</c>); locally the relay. Wins over <see cref="Endpoint"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The service endpoint reached with the app's managed identity when no connection string is set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The primary access key, only for checking upstream signatures when <see cref="Endpoint"/> (managed identity)
    /// is used; with a connection string its key is used.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>The secondary access key: upstream signatures made with either key are accepted (key rotation).</summary>
    public string? SecondaryAccessKey { get; set; }

    [RegularExpression(@"^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    public string Hub { get; set; } = "cobrowse";

    /// <summary>Timeout of one REST attempt.</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Retries after a transient failure (408, 429, 5xx, network), with exponential backoff.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Lifetime of the client access tokens that negotiate hands out.</summary>
    [Range(5, 1440)]
    public int ClientTokenLifetimeMinutes { get; set; } = 60;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || Endpoint is not null;
}
