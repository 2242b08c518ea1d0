namespace CoBrowse.LocalStack.Demo;

/// <summary>The demo tenant the local stack seeds, with fixed keys so the README's examples work (section LocalStack:Demo).</summary>
public sealed class DemoTenantOptions
{
    public const string Section = "LocalStack:Demo";

    public bool Enabled { get; set; } = true;

    public string TenantId { get; set; } = "demo";

    public string SiteKey { get; set; } = "site_demo_local";

    /// <summary>Key id and secret of the demo API key: <c>cbk.{tenant}.{ApiKeyId}.{ApiKeySecret}</c>.</summary>
    public string ApiKeyId { get; set; } = "local";

    public string ApiKeySecret { get; set; } = "demo-secret-for-local-use-only";

    /// <summary>Origins besides the local stack's own URLs that may start sessions (e.g. a dev server).</summary>
    public List<string> ExtraOrigins { get; set; } = [];

    /// <summary>Origins the demo tenant's pages load resources from besides its own (CDNs); see docs/security/mirror-resources.md.</summary>
    public List<string> AssetOrigins { get; set; } = [];

    /// <summary>Seconds between the comment heartbeats of an idle conversation event stream (tests shorten it).</summary>
    public double EventStreamHeartbeatSeconds { get; set; } = 15;

    public string ApiKey => $"cbk.{TenantId}.{ApiKeyId}.{ApiKeySecret}";
}
