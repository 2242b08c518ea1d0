using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoBrowse.Infrastructure.Tests.Security;

public class JwtTokenServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private static readonly string CurrentKey = NewKey();
    private static readonly string OldKey = NewKey();

    private static readonly AgentPrincipal Agent = new("acme", "agent-7", new HashSet<string>(StringComparer.Ordinal) { "supervisor", "agent" });
    private static readonly CustomerPrincipal Customer = new("acme", "s-123");

    private readonly FakeTimeProvider _clock = new(Start);

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static TokenOptions Options(string signingKey, string? previousKey = null, string issuer = "cobrowse") => new()
    {
        SigningKey = signingKey,
        PreviousSigningKey = previousKey,
        Issuer = issuer,
        AgentTokenLifetimeSeconds = 3600,
        CustomerTokenLifetimeSeconds = 8 * 3600,
    };

    private JwtTokenService Service(TokenOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options(CurrentKey)), _clock);

    private static string Base64UrlJson(JsonNode node) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static JsonNode DecodeSegment(string segment) => JsonNode.Parse(Base64UrlEncoder.Decode(segment))!;

    [Fact]
    public async Task AnAgentTokenRoundTripsToTheAgentWithTenantIdAndRoles()
    {
        var service = Service();

        var issued = service.IssueAgentToken(Agent);
        var principal = await service.ValidateAsync(issued.Token);

        var agent = Assert.IsType<AgentPrincipal>(principal);
        Assert.Equal("acme", agent.TenantId);
        Assert.Equal("agent-7", agent.AgentId);
        Assert.True(agent.Roles.SetEquals(["agent", "supervisor"]));
        Assert.Equal(Start + TimeSpan.FromHours(1), issued.ExpiresAt);
    }

    [Theory]
    [InlineData]
    [InlineData("agent")]
    public async Task AnAgentTokenKeepsFewRolesExactly(params string[] roles)
    {
        var service = Service();

        var principal = await service.ValidateAsync(service.IssueAgentToken(new AgentPrincipal("acme", "a1", roles.ToHashSet())).Token);

        var agent = Assert.IsType<AgentPrincipal>(principal);
        Assert.True(agent.Roles.SetEquals(roles));
    }

    [Fact]
    public async Task ACustomerTokenRoundTripsToTheCustomerBoundToItsSession()
    {
        var service = Service();

        var issued = service.IssueCustomerToken(Customer);
        var principal = await service.ValidateAsync(issued.Token);

        Assert.Equal(Customer, Assert.IsType<CustomerPrincipal>(principal));
        Assert.Equal(Start + TimeSpan.FromHours(8), issued.ExpiresAt);
    }

    [Fact]
    public async Task ACustomerTokenIsNeverReadAsAnAgent()
    {
        var service = Service();

        var principal = await service.ValidateAsync(service.IssueCustomerToken(Customer).Token);

        Assert.IsNotType<AgentPrincipal>(principal);
        Assert.IsType<CustomerPrincipal>(principal);
    }

    [Fact]
    public async Task ACustomerAudienceTokenWithoutASessionIsRejectedEvenWithAgentClaims()
    {
        // Signed with the real key: only the audience decides the principal, and a customer token needs its session.
        var token = SignDirectly(CurrentKey, "cobrowse", "cobrowse-customer", new Dictionary<string, object>
        {
            ["tid"] = "acme",
            ["roles"] = new[] { "supervisor" },
        });

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRejected()
    {
        var forger = Service(Options(NewKey()));

        var token = forger.IssueAgentToken(Agent).Token;

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public async Task ATamperedPayloadIsRejected()
    {
        var service = Service();
        var parts = service.IssueAgentToken(Agent).Token.Split('.');
        var payload = DecodeSegment(parts[1]);
        Assert.Equal("acme", (string?)payload["tid"]);
        payload["tid"] = "other-tenant";

        var tampered = string.Join('.', parts[0], Base64UrlJson(payload), parts[2]);

        Assert.Null(await service.ValidateAsync(tampered));
    }

    [Fact]
    public async Task AChangedCharacterInThePayloadIsRejected()
    {
        var service = Service();
        var parts = service.IssueCustomerToken(Customer).Token.Split('.');
        var middle = parts[1].ToCharArray();
        var i = middle.Length / 2;
        middle[i] = middle[i] == 'A' ? 'B' : 'A';

        var tampered = string.Join('.', parts[0], new string(middle), parts[2]);

        Assert.Null(await service.ValidateAsync(tampered));
    }

    [Theory]
    [InlineData("none", "")]
    [InlineData("none", "keep")]
    [InlineData("NONE", "")]
    public async Task AnUnsignedTokenIsRejected(string alg, string signature)
    {
        var service = Service();
        var parts = service.IssueAgentToken(Agent).Token.Split('.');
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };

        var unsigned = string.Join('.', Base64UrlJson(header), parts[1], signature == "keep" ? parts[2] : signature);

        Assert.Null(await service.ValidateAsync(unsigned));
    }

    [Fact]
    public async Task ATokenIsValidUntilItsExpiryPlusTheClockSkewAndRejectedAfter()
    {
        var service = Service();
        var agentToken = service.IssueAgentToken(Agent).Token;
        var customerToken = service.IssueCustomerToken(Customer).Token;

        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.IsType<AgentPrincipal>(await service.ValidateAsync(agentToken));

        _clock.Advance(TimeSpan.FromSeconds(1) + Skew - TimeSpan.FromSeconds(1));
        Assert.IsType<AgentPrincipal>(await service.ValidateAsync(agentToken));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await service.ValidateAsync(agentToken));
        Assert.IsType<CustomerPrincipal>(await service.ValidateAsync(customerToken));

        _clock.AdjustTime(Start + TimeSpan.FromHours(8) + Skew + TimeSpan.FromSeconds(1));
        Assert.Null(await service.ValidateAsync(customerToken));
    }

    [Fact]
    public async Task ATokenFromBeyondTheClockSkewInTheFutureIsRejected()
    {
        var token = Service().IssueAgentToken(Agent).Token;
        var laggingClock = new FakeTimeProvider(Start - Skew - TimeSpan.FromSeconds(5));
        var lagging = new JwtTokenService(Microsoft.Extensions.Options.Options.Create(Options(CurrentKey)), laggingClock);

        Assert.Null(await lagging.ValidateAsync(token));

        laggingClock.Advance(TimeSpan.FromSeconds(10));
        Assert.IsType<AgentPrincipal>(await lagging.ValidateAsync(token));
    }

    [Fact]
    public async Task ATokenWithoutAnExpiryIsRejected()
    {
        var token = SignDirectly(CurrentKey, "cobrowse", "cobrowse-agent", new Dictionary<string, object> { ["tid"] = "acme" }, withExpiry: false);

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public async Task ATokenFromThePreviousKeyIsRejectedOnceThatKeyIsDropped()
    {
        var token = Service(Options(OldKey)).IssueAgentToken(Agent).Token;

        Assert.Null(await Service(Options(CurrentKey)).ValidateAsync(token));
    }

    [Fact]
    public async Task DuringARotationNewTokensStillValidate()
    {
        var service = Service(Options(CurrentKey, previousKey: OldKey));

        Assert.IsType<AgentPrincipal>(await service.ValidateAsync(service.IssueAgentToken(Agent).Token));
        Assert.IsType<AgentPrincipal>(await Service().ValidateAsync(service.IssueAgentToken(Agent).Token));
    }

    [Fact]
    public async Task ATokenFromAnotherIssuerIsRejected()
    {
        var token = Service(Options(CurrentKey, issuer: "someone-else")).IssueAgentToken(Agent).Token;

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsRejected()
    {
        var token = SignDirectly(CurrentKey, "cobrowse", "some-api", new Dictionary<string, object> { ["tid"] = "acme", ["sid"] = "s-1" });

        Assert.Null(await Service().ValidateAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..")]
    [InlineData("not a token at all, just words")]
    public async Task GarbageIsRejected(string token)
    {
        Assert.Null(await Service().ValidateAsync(token));
    }

    /// <summary>A token the service itself would never issue, signed with a real key like a bug or an insider could.</summary>
    private string SignDirectly(string key, string issuer, string audience, Dictionary<string, object> claims, bool withExpiry = true)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, "agent-7")]),
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = withExpiry ? now.AddHours(1) : null,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(key)) { KeyId = "current" }, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    [Fact]
    public async Task ATokenFromThePreviousKeyIsAcceptedWhileThatKeyIsConfigured()
    {
        var beforeRotation = Service(Options(OldKey));
        var agentToken = beforeRotation.IssueAgentToken(Agent).Token;
        var customerToken = beforeRotation.IssueCustomerToken(Customer).Token;

        var afterRotation = Service(Options(CurrentKey, previousKey: OldKey));

        Assert.IsType<AgentPrincipal>(await afterRotation.ValidateAsync(agentToken));
        Assert.Equal(Customer, await afterRotation.ValidateAsync(customerToken));
    }
}
