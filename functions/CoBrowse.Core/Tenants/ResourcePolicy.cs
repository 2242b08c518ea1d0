namespace CoBrowse.Core.Tenants;

/// <summary>
/// What the agent's console may load page resources from, for one tenant: its allowed origins and its asset origins
/// and, only when the tenant opted in, any https host. The console adds <c>data:</c> URLs itself and drops everything
/// else before it reaches the mirror (docs/security/mirror-resources.md).
/// </summary>
public sealed record ResourcePolicy(IReadOnlyList<string> Origins, bool AnyHttps)
{
    public static ResourcePolicy For(Tenant tenant) => new(
        tenant.AllowedOrigins.Concat(tenant.AssetOrigins).Select(OriginPolicy.Normalize).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
        tenant.AllowAnyHttpsAssets);
}
