using CoBrowse.Core.Application;
using CoBrowse.Core.Security;
using CoBrowse.Core.Tests.Fakes;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

public class AgentTokenServiceTests
{
    private readonly ServiceHarness _h = new();

    private readonly TenantBackendPrincipal _backend = new(TenantId, "key-1");

    [Fact]
    public async Task WithoutRolesTheAgentGetsTheAgentRole()
    {
        var token = await _h.AgentTokenService.MintAsync(_backend, AgentId, null, CancellationToken.None);

        var agent = Assert.Single(_h.Tokens.AgentTokens);
        Assert.Equal(TenantId, agent.TenantId);
        Assert.Equal(AgentId, agent.AgentId);
        Assert.Equal([AgentRoles.Agent], agent.Roles);
        Assert.Equal($"agent:{TenantId}:{AgentId}:agent", token.Token);
        Assert.Equal(_h.Now + FakeTokenIssuer.Lifetime, token.ExpiresAt);
    }

    [Fact]
    public async Task AnEmptyRoleListAlsoMeansTheAgentRole()
    {
        await _h.AgentTokenService.MintAsync(_backend, AgentId, [], CancellationToken.None);

        Assert.Equal([AgentRoles.Agent], Assert.Single(_h.Tokens.AgentTokens).Roles);
    }

    [Fact]
    public async Task KnownRolesAreGrantedAsAsked()
    {
        await _h.AgentTokenService.MintAsync(_backend, AgentId, [AgentRoles.Supervisor, AgentRoles.Reporting, AgentRoles.Supervisor], CancellationToken.None);

        var agent = Assert.Single(_h.Tokens.AgentTokens);
        Assert.True(agent.IsInRole(AgentRoles.Supervisor));
        Assert.True(agent.IsInRole(AgentRoles.Reporting));
        Assert.False(agent.IsInRole(AgentRoles.Agent));
        Assert.Equal(2, agent.Roles.Count);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Agent")]
    [InlineData("")]
    public async Task AnUnknownRoleIsABadRequest(string role)
    {
        var problem = await ProblemAsync(() => _h.AgentTokenService.MintAsync(_backend, AgentId, [AgentRoles.Agent, role], CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
        Assert.Empty(_h.Tokens.AgentTokens);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("agent/1")]
    [InlineData("agent#1")]
    [InlineData("agent\n1")]
    public async Task AMissingOrUnsafeAgentIdIsABadRequest(string? agentId)
    {
        var problem = await ProblemAsync(() => _h.AgentTokenService.MintAsync(_backend, agentId, null, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Fact]
    public async Task AnOverlongAgentIdIsABadRequest()
    {
        var agentId = new string('a', Identifiers.MaxLength + 1);

        var problem = await ProblemAsync(() => _h.AgentTokenService.MintAsync(_backend, agentId, null, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Fact]
    public async Task ABackendOfAnUnknownTenantIsNotFound()
    {
        var stranger = new TenantBackendPrincipal("globex", "key-1");

        var problem = await ProblemAsync(() => _h.AgentTokenService.MintAsync(stranger, AgentId, null, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }
}
