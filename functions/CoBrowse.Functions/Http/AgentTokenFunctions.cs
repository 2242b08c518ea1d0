using CoBrowse.Core.Security;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>The tenant's backend mints short-lived tokens for its agents' consoles.</summary>
public sealed class AgentTokenFunctions(
    RequestAuthenticator auth,
    AgentTokenService agentTokens,
    MintRateLimiter rateLimiter,
    ClientAddressResolver addresses,
    ILogger<AgentTokenFunctions> logger)
{
    [Function("AgentTokens_Mint")]
    public Task<IActionResult> Mint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/agent-tokens")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var backend = await auth.RequireAsync<TenantBackendPrincipal>(request);
            // Counted before the body is read: a flood of bad bodies counts as much as good ones.
            await rateLimiter.AgentTokenAsync(backend.TenantId, addresses.Resolve(request), request.HttpContext.RequestAborted);
            var body = await Api.ReadBodyAsync<MintAgentTokenRequest>(request);
            var token = await agentTokens.MintAsync(backend, body.AgentId, body.Roles, request.HttpContext.RequestAborted);
            return ApiResults.Ok(new TokenResponse(token.Token, token.ExpiresAt));
        });
}
