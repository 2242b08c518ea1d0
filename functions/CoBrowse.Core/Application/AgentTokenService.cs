using CoBrowse.Core.Security;

namespace CoBrowse.Core.Application;

/// <summary>The tenant's backend vouches for its agent and gets a short-lived agent token for the console.</summary>
public sealed class AgentTokenService(TenantService tenants, ITokenIssuer tokens)
{
    public async Task<IssuedToken> MintAsync(TenantBackendPrincipal backend, string? agentId, IReadOnlyList<string>? roles, CancellationToken cancellationToken)
    {
        Identifiers.Require(agentId, nameof(agentId));
        var granted = roles is null or { Count: 0 } ? [AgentRoles.Agent] : roles;
        if (granted.Any(role => role is null || !AgentRoles.All.Contains(role)))
        {
            throw CoBrowseProblemException.BadRequest($"Unknown role in 'roles'. Roles: {string.Join(", ", AgentRoles.All)}.");
        }

        await tenants.RequireAsync(backend.TenantId, cancellationToken);
        return tokens.IssueAgentToken(new AgentPrincipal(backend.TenantId, agentId!, granted.ToHashSet(StringComparer.Ordinal)));
    }
}
