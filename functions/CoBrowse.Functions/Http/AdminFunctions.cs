using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>Operator endpoints: create tenants and their API keys. Protected by the admin key.</summary>
public sealed class AdminFunctions(RequestAuthenticator auth, TenantService tenants, ILogger<AdminFunctions> logger)
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

    [Function("Admin_CreateApiKey")]
    public Task<IActionResult> CreateApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/admin/tenants/{tenantId}/api-keys")] HttpRequest request,
        string tenantId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            return ApiResults.Created(new ApiKeyResponse(await tenants.CreateApiKeyAsync(tenantId, request.HttpContext.RequestAborted)));
        });
}
