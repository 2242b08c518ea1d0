using System.Security.Cryptography;
using System.Text;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure;
using CoBrowse.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace CoBrowse.Functions.Http;

/// <summary>
/// Turns the Authorization header into a verified principal: a tenant API key (<c>Bearer cbk.…</c>) or a signed
/// agent/customer token (<c>Bearer eyJ…</c>). Missing or invalid credentials are 401; the wrong kind is 403.
/// </summary>
public sealed class RequestAuthenticator(TenantService tenants, JwtTokenService tokens, IOptions<AdminOptions> admin)
{
    public const string AdminKeyHeader = "X-CoBrowse-Admin-Key";

    public async Task<Principal> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            throw CoBrowseProblemException.Unauthorized("Send 'Authorization: Bearer <API key or token>'.");
        }

        var credential = header[7..].Trim();
        Principal? principal = credential.StartsWith("cbk.", StringComparison.Ordinal)
            ? await tenants.AuthenticateApiKeyAsync(credential, request.HttpContext.RequestAborted)
            : await tokens.ValidateAsync(credential);
        if (principal is null)
        {
            throw CoBrowseProblemException.Unauthorized("The API key or token is invalid or expired.");
        }

        Observability.RequestLogScope.SetTenant(request.HttpContext, principal.TenantId);
        return principal;
    }

    public async Task<T> RequireAsync<T>(HttpRequest request)
        where T : Principal =>
        await AuthenticateAsync(request) as T
        ?? throw CoBrowseProblemException.Forbidden($"This operation needs {Describe(typeof(T))}.");

    public async Task<AgentPrincipal> RequireAgentAsync(HttpRequest request, string role = AgentRoles.Agent)
    {
        var agent = await RequireAsync<AgentPrincipal>(request);
        return agent.IsInRole(role) ? agent : throw CoBrowseProblemException.Forbidden($"This operation needs the '{role}' role.");
    }

    public void RequireAdmin(HttpRequest request)
    {
        var expected = admin.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            throw CoBrowseProblemException.Forbidden("The admin API is disabled: CoBrowse:Admin:ApiKey is not set.");
        }

        var presented = request.Headers[AdminKeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            throw CoBrowseProblemException.Unauthorized($"Send the operator key in the {AdminKeyHeader} header.");
        }
    }

    private static string Describe(Type principal) => principal.Name switch
    {
        nameof(TenantBackendPrincipal) => "a tenant API key",
        nameof(AgentPrincipal) => "an agent token",
        nameof(CustomerPrincipal) => "a customer session token",
        _ => "other credentials",
    };
}
