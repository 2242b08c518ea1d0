using CoBrowse.Core.Channels;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>Tenants live in partition "tenant"; partition "sitekey" indexes them by site key.</summary>
public sealed class TableTenantStore(CoBrowseTables tables) : ITenantStore
{
    private const string TenantPartition = "tenant";
    private const string SiteKeyPartition = "sitekey";

    public async Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        // Claim the site key first so two tenants never share one; release the claim if the tenant id is taken.
        var index = new TableEntity(SiteKeyPartition, tenant.SiteKey) { ["TenantId"] = tenant.TenantId };
        if (!await tables.Tenants.TryAddAsync(index, cancellationToken))
        {
            return false;
        }

        if (await tables.Tenants.TryAddAsync(ToRow(tenant), cancellationToken))
        {
            return true;
        }

        await tables.Tenants.DeleteEntityAsync(SiteKeyPartition, tenant.SiteKey, cancellationToken: cancellationToken);
        return false;
    }

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.Tenants.FindAsync<TenantRow>(TenantPartition, TableErrors.SafeKey(tenantId), cancellationToken);
        return row is null ? null : FromRow(row);
    }

    public async Task<Versioned<Tenant>?> GetVersionedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.Tenants.FindAsync<TenantRow>(TenantPartition, TableErrors.SafeKey(tenantId), cancellationToken);
        return row is null ? null : new Versioned<Tenant>(FromRow(row), row.ETag.ToString());
    }

    public Task<bool> TryReplaceAsync(Tenant tenant, string version, CancellationToken cancellationToken) =>
        tables.Tenants.TryReplaceAsync(ToRow(tenant), version, cancellationToken);

    public async Task<Tenant?> FindBySiteKeyAsync(string siteKey, CancellationToken cancellationToken)
    {
        var index = await tables.Tenants.FindAsync<TableEntity>(SiteKeyPartition, TableErrors.SafeKey(siteKey), cancellationToken);
        var tenant = index?.GetString("TenantId") is { } tenantId ? await GetAsync(tenantId, cancellationToken) : null;
        // An index row can outlive its key for a moment (a rotation releases it after writing the tenant).
        return tenant is not null && (tenant.SiteKey == siteKey || tenant.PreviousSiteKey == siteKey) ? tenant : null;
    }

    public Task<bool> TryClaimSiteKeyAsync(string siteKey, string tenantId, CancellationToken cancellationToken) =>
        tables.Tenants.TryAddAsync(new TableEntity(SiteKeyPartition, siteKey) { ["TenantId"] = tenantId }, cancellationToken);

    public async Task ReleaseSiteKeyAsync(string siteKey, CancellationToken cancellationToken) =>
        await tables.Tenants.DeleteEntityAsync(SiteKeyPartition, TableErrors.SafeKey(siteKey), ETag.All, cancellationToken);

    private static TenantRow ToRow(Tenant tenant) => new()
    {
        PartitionKey = TenantPartition,
        RowKey = tenant.TenantId,
        Name = tenant.Name,
        SiteKey = tenant.SiteKey,
        PreviousSiteKey = tenant.PreviousSiteKey,
        PreviousSiteKeyValidUntil = tenant.PreviousSiteKeyValidUntil,
        AllowedOrigins = JsonColumn.Write(tenant.AllowedOrigins),
        AssetOrigins = JsonColumn.Write(tenant.AssetOrigins),
        AllowAnyHttpsAssets = tenant.AllowAnyHttpsAssets,
        MaskSelectors = JsonColumn.Write(tenant.MaskSelectors),
        RedactSelectors = JsonColumn.Write(tenant.RedactSelectors),
        BlockSelectors = JsonColumn.Write(tenant.BlockSelectors),
        VoiceTimeoutSeconds = tenant.Timeouts?.VoiceSeconds,
        WebMessagingTimeoutSeconds = tenant.Timeouts?.WebMessagingSeconds,
        WebChatTimeoutSeconds = tenant.Timeouts?.WebChatSeconds,
        RetentionDays = tenant.RetentionDays,
        CreatedAt = tenant.CreatedAt,
    };

    private static Tenant FromRow(TenantRow row) => new()
    {
        TenantId = row.RowKey,
        Name = row.Name,
        SiteKey = row.SiteKey,
        PreviousSiteKey = row.PreviousSiteKey,
        PreviousSiteKeyValidUntil = row.PreviousSiteKeyValidUntil,
        AllowedOrigins = JsonColumn.Read<List<string>>(row.AllowedOrigins, []),
        AssetOrigins = JsonColumn.Read<List<string>>(row.AssetOrigins, []),
        AllowAnyHttpsAssets = row.AllowAnyHttpsAssets ?? false,
        MaskSelectors = JsonColumn.Read<List<string>>(row.MaskSelectors, []),
        RedactSelectors = JsonColumn.Read<List<string>>(row.RedactSelectors, []),
        BlockSelectors = JsonColumn.Read<List<string>>(row.BlockSelectors, []),
        Timeouts = new ChannelTimeoutOverrides(row.VoiceTimeoutSeconds, row.WebMessagingTimeoutSeconds, row.WebChatTimeoutSeconds),
        RetentionDays = row.RetentionDays,
        CreatedAt = row.CreatedAt,
    };

    private sealed class TenantRow : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Name { get; set; } = string.Empty;

        public string SiteKey { get; set; } = string.Empty;

        public string? PreviousSiteKey { get; set; }

        public DateTimeOffset? PreviousSiteKeyValidUntil { get; set; }

        public string? AllowedOrigins { get; set; }

        /// <summary>Absent on tenants written before asset origins existed: none.</summary>
        public string? AssetOrigins { get; set; }

        public bool? AllowAnyHttpsAssets { get; set; }

        public string? MaskSelectors { get; set; }

        public string? RedactSelectors { get; set; }

        public string? BlockSelectors { get; set; }

        public int? VoiceTimeoutSeconds { get; set; }

        public int? WebMessagingTimeoutSeconds { get; set; }

        public int? WebChatTimeoutSeconds { get; set; }

        public int RetentionDays { get; set; }

        public DateTimeOffset CreatedAt { get; set; }
    }
}
