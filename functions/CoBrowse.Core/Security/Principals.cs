namespace CoBrowse.Core.Security;

/// <summary>Who is calling, as proven by a verified credential.</summary>
public abstract record Principal(string TenantId);

/// <summary>The tenant's own backend, holding an API key.</summary>
public sealed record TenantBackendPrincipal(string TenantId, string KeyId) : Principal(TenantId);

public sealed record AgentPrincipal(string TenantId, string AgentId, IReadOnlySet<string> Roles) : Principal(TenantId)
{
    public bool IsInRole(string role) => Roles.Contains(role);
}

/// <summary>The customer's browser, bound to exactly one session.</summary>
public sealed record CustomerPrincipal(string TenantId, string SessionId) : Principal(TenantId);
