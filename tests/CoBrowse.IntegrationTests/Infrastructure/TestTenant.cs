namespace CoBrowse.IntegrationTests.Infrastructure;

public sealed record TestTenant(string TenantId, string ApiKey, string SiteKey, string Origin);
