using CoBrowse.Core.Security;
using CoBrowse.Core.Tenants;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>Operator endpoints: tenants, their settings, site keys and API keys. Protected by the admin key.</summary>
public sealed class AdminFunctions(RequestAuthenticator auth, TenantService tenants, TenantCredentialService credentials, ILogger<AdminFunctions> logger)
{
    [Function("Admin_CreateTenant")]
    public Task<IActionResult> CreateTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/admin/tenants")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            var body = await Api.ReadBodyAsync<NewTenantRequest>(request);
            var created = await tenants.CreateAsync(body, request.HttpContext.RequestAborted);
            var t = created.Tenant;
            return ApiResults.Created(new CreatedTenantResponse(t.TenantId, t.Name, t.SiteKey, t.AllowedOrigins, created.ApiKey));
        });

    /// <summary>The tenant's settings, site keys and API key ids; never a secret.</summary>
    [Function("Admin_GetTenant")]
    public Task<IActionResult> GetTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/admin/tenants/{tenantId}")] HttpRequest request,
        string tenantId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            var tenant = await tenants.RequireAsync(tenantId, request.HttpContext.RequestAborted);
            return ApiResults.Ok(await DetailsAsync(request, tenant));
        });

    /// <summary>Changes a tenant's settings (name, origins, selectors, timeouts, retention); the site config follows at once.</summary>
    [Function("Admin_UpdateTenant")]
    public Task<IActionResult> UpdateTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/admin/tenants/{tenantId}")] HttpRequest request,
        string tenantId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            var body = await Api.ReadBodyAsync<TenantUpdateRequest>(request);
            return ApiResults.Ok(TenantView.From(await tenants.UpdateAsync(tenantId, body, request.HttpContext.RequestAborted)));
        });

    /// <summary>A new site key; the old one is refused for new sessions at once or after the requested grace period.</summary>
    [Function("Admin_RotateSiteKey")]
    public Task<IActionResult> RotateSiteKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/admin/tenants/{tenantId}/site-key/rotate")] HttpRequest request,
        string tenantId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            var body = await Api.ReadOptionalBodyAsync<RotateSiteKeyRequest>(request);
            var rotated = await credentials.RotateSiteKeyAsync(tenantId, TimeSpan.FromSeconds(body.GraceSeconds), request.HttpContext.RequestAborted);
            return ApiResults.Ok(await DetailsAsync(request, rotated));
        });

    [Function("Admin_CreateApiKey")]
    public Task<IActionResult> CreateApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/admin/tenants/{tenantId}/api-keys")] HttpRequest request,
        string tenantId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            var key = await tenants.CreateApiKeyAsync(tenantId, request.HttpContext.RequestAborted);
            ApiKeyParts.TryParse(key, out var parts);
            return ApiResults.Created(new IssuedApiKeyResponse(key, parts.KeyId));
        });

    /// <summary>Revokes one API key: the next request with it is a 401. Agent tokens it minted live until they expire.</summary>
    [Function("Admin_RevokeApiKey")]
    public Task<IActionResult> RevokeApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/admin/tenants/{tenantId}/api-keys/{keyId}")] HttpRequest request,
        string tenantId,
        string keyId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            var revoked = await credentials.RevokeApiKeyAsync(tenantId, keyId, request.HttpContext.RequestAborted);
            return ApiResults.Ok(ApiKeyView.From(revoked));
        });

    private async Task<TenantDetailsResponse> DetailsAsync(HttpRequest request, Tenant tenant) =>
        TenantDetailsResponse.From(tenant, await credentials.ListApiKeysAsync(tenant.TenantId, request.HttpContext.RequestAborted));
}
