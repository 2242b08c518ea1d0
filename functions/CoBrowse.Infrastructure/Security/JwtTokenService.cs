using System.Security.Claims;
using CoBrowse.Core.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoBrowse.Infrastructure.Security;

/// <summary>Signs and verifies the short-lived JWTs that agents' consoles and customers' pages present.</summary>
public sealed class JwtTokenService : ITokenIssuer
{
    private const string AgentAudience = "cobrowse-agent";
    private const string CustomerAudience = "cobrowse-customer";
    private const string TenantClaim = "tid";
    private const string SessionClaim = "sid";
    private const string RolesClaim = "roles";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TokenOptions _options;
    private readonly TimeProvider _clock;
    private readonly SigningCredentials _signing;
    private readonly Microsoft.IdentityModel.Tokens.SecurityKey[] _validationKeys;

    public JwtTokenService(IOptions<TokenOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        var current = KeyFrom(_options.SigningKey);
        _signing = new SigningCredentials(current, SecurityAlgorithms.HmacSha256);
        _validationKeys = string.IsNullOrEmpty(_options.PreviousSigningKey)
            ? [current]
            : [current, KeyFrom(_options.PreviousSigningKey)];
    }

    public IssuedToken IssueAgentToken(AgentPrincipal agent)
    {
        var claims = new Dictionary<string, object>
        {
            [TenantClaim] = agent.TenantId,
            [RolesClaim] = agent.Roles.Order(StringComparer.Ordinal).ToArray(),
        };
        return Issue(AgentAudience, agent.AgentId, claims, TimeSpan.FromSeconds(_options.AgentTokenLifetimeSeconds));
    }

    public IssuedToken IssueCustomerToken(CustomerPrincipal customer)
    {
        var claims = new Dictionary<string, object>
        {
            [TenantClaim] = customer.TenantId,
            [SessionClaim] = customer.SessionId,
        };
        return Issue(CustomerAudience, "customer", claims, TimeSpan.FromSeconds(_options.CustomerTokenLifetimeSeconds));
    }

    /// <summary>
    /// The principal a token proves, or null when it is forged, expired, for another audience or malformed (including
    /// a lifetime that is not a JSON number, see <see cref="JwtPayloadShape"/>).
    /// </summary>
    public async Task<Principal?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudiences = [AgentAudience, CustomerAudience],
            IssuerSigningKeys = _validationKeys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(notBefore, expires, parameters.ClockSkew),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !JwtPayloadShape.IsWellFormed(jwt.EncodedPayload)
            || !jwt.TryGetPayloadValue<string>(TenantClaim, out var tenantId))
        {
            return null;
        }

        // Exactly one audience: a token naming both (or more) is neither an agent's nor a customer's (and must not throw).
        var audiences = jwt.Audiences.Take(2).ToList();
        var audience = audiences.Count == 1 ? audiences[0] : null;
        if (audience == CustomerAudience && jwt.TryGetPayloadValue<string>(SessionClaim, out var sessionId))
        {
            return new CustomerPrincipal(tenantId, sessionId);
        }

        if (audience == AgentAudience && !string.IsNullOrEmpty(jwt.Subject))
        {
            var roles = result.ClaimsIdentity.FindAll(RolesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            return new AgentPrincipal(tenantId, jwt.Subject, roles);
        }

        return null;
    }

    /// <summary>The key id is derived from the key, so a token keeps pointing at its key through a rotation.</summary>
    private static SymmetricSecurityKey KeyFrom(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return new SymmetricSecurityKey(bytes) { KeyId = Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(bytes))[..16] };
    }

    private IssuedToken Issue(string audience, string subject, Dictionary<string, object> claims, TimeSpan lifetime)
    {
        var now = _clock.GetUtcNow();
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)]),
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _signing,
        });
        return new IssuedToken(token, expires);
    }

    // Lifetime is checked against our injected clock, so tests can move time instead of waiting.
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp + skew && (notBefore is not { } nbf || now >= nbf - skew);
    }
}
