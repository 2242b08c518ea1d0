using System.ComponentModel.DataAnnotations;

namespace CoBrowse.Infrastructure;

/// <summary>Where CoBrowse keeps its tables (section CoBrowse:Storage).</summary>
public sealed class StorageOptions
{
    public const string Section = "CoBrowse:Storage";

    /// <summary>A connection string; used for Azurite locally. Leave empty in Azure and set <see cref="TableServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, reached with the app's managed identity.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>
    /// How long one storage request may take before it is abandoned and retried (the SDK's default, 100 s, would hold
    /// a caller for minutes when storage stops answering instead of refusing connections).
    /// </summary>
    [Range(1, 300)]
    public int NetworkTimeoutSeconds { get; set; } = 5;

    /// <summary>Retries of a failed storage request (the SDK's default); with the timeout, bounds how long a call waits on storage.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;
}

/// <summary>Operator access for creating tenants and keys (section CoBrowse:Admin).</summary>
public sealed class AdminOptions
{
    public const string Section = "CoBrowse:Admin";

    /// <summary>Sent as the X-CoBrowse-Admin-Key header. At least 32 characters; empty disables the admin API.</summary>
    [MinLength(32)]
    public string? ApiKey { get; set; }
}

/// <summary>How to find the caller's address behind proxies (section CoBrowse:Http).</summary>
public sealed class HttpOptions
{
    public const string Section = "CoBrowse:Http";

    /// <summary>
    /// How many trusted proxies append to X-Forwarded-For in front of the app (1 in Azure Functions, 0 locally).
    /// Entries a client wrote itself sit to the left of those and are ignored, so they cannot dodge rate limits.
    /// </summary>
    [Range(0, 5)]
    public int TrustedProxyHops { get; set; }
}
