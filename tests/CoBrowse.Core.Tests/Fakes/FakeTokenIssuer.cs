using CoBrowse.Core.Application;
using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Issues readable fake tokens and remembers whom they were for.</summary>
public sealed class FakeTokenIssuer(TimeProvider clock) : ITokenIssuer
{
    public static TimeSpan Lifetime { get; } = TimeSpan.FromHours(1);

    public List<AgentPrincipal> AgentTokens { get; } = [];

    public List<CustomerPrincipal> CustomerTokens { get; } = [];

    public IssuedToken IssueAgentToken(AgentPrincipal agent)
    {
        AgentTokens.Add(agent);
        var roles = string.Join(",", agent.Roles.Order(StringComparer.Ordinal));
        return new IssuedToken($"agent:{agent.TenantId}:{agent.AgentId}:{roles}", clock.GetUtcNow() + Lifetime);
    }

    public IssuedToken IssueCustomerToken(CustomerPrincipal customer)
    {
        CustomerTokens.Add(customer);
        return new IssuedToken($"customer:{customer.TenantId}:{customer.SessionId}", clock.GetUtcNow() + Lifetime);
    }
}
