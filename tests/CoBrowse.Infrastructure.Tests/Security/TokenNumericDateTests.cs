using System.Security.Cryptography;
using System.Text;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CoBrowse.Infrastructure.Tests.Security;

/// <summary>
/// <c>exp</c> and <c>nbf</c> are NumericDates (RFC 7519 §2): JSON numbers. A token signed with the real key whose
/// lifetime is written any other way (a string, even of digits, an array, an object, a bool, null), whose
/// <c>exp</c> is missing, or whose payload names a claim twice, is refused; the same payload with numbers is taken.
/// </summary>
public class TokenNumericDateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly long Seconds = Now.ToUnixTimeSeconds();

    private readonly JwtTokenService _service = new(
        Microsoft.Extensions.Options.Options.Create(new TokenOptions { SigningKey = Key, Issuer = "cobrowse" }),
        new FakeTimeProvider(Now));

    public static TheoryData<string, string> Lifetimes => new()
    {
        { "exp as a string of digits", $$"""{"exp":"{{Seconds + 600}}","nbf":{{Seconds}}}""" },
        { "exp as a string", """{"exp":"never","nbf":0}""" },
        { "exp as an array", $$"""{"exp":[{{Seconds + 600}}],"nbf":{{Seconds}}}""" },
        { "exp as an object", $$"""{"exp":{"value":{{Seconds + 600}}},"nbf":{{Seconds}}}""" },
        { "exp as true", $$"""{"exp":true,"nbf":{{Seconds}}}""" },
        { "exp as null", $$"""{"exp":null,"nbf":{{Seconds}}}""" },
        { "exp missing", $$"""{"nbf":{{Seconds}}}""" },
        { "nbf as a string of digits", $$"""{"exp":{{Seconds + 600}},"nbf":"{{Seconds}}"}""" },
        { "nbf as an array", $$"""{"exp":{{Seconds + 600}},"nbf":[{{Seconds}}]}""" },
        { "nbf as false", $$"""{"exp":{{Seconds + 600}},"nbf":false}""" },
        { "exp twice, a number then a string", $$"""{"exp":{{Seconds + 600}},"exp":"{{Seconds + 999_999}}","nbf":{{Seconds}}}""" },
        { "exp twice, both numbers", $$"""{"exp":{{Seconds + 600}},"exp":{{Seconds + 999_999}},"nbf":{{Seconds}}}""" },
        { "tid twice", $$"""{"exp":{{Seconds + 600}},"nbf":{{Seconds}},"tid":"other"}""" },
    };

    [Theory]
    [MemberData(nameof(Lifetimes))]
    public async Task ATokenWhoseLifetimeIsNotANumericDateIsRefused(string what, string lifetime)
    {
        var token = Sign(lifetime);

        Assert.True(await _service.ValidateAsync(token) is null, $"{what} was accepted");
    }

    [Fact]
    public async Task TheSamePayloadWithNumericDatesIsAccepted()
    {
        var token = Sign($$"""{"exp":{{Seconds + 600}},"nbf":{{Seconds}}}""");

        Assert.IsType<AgentPrincipal>(await _service.ValidateAsync(token));
    }

    [Fact]
    public async Task ANonIntegerNumericDateIsAccepted()
    {
        var token = Sign($$"""{"exp":{{Seconds + 600}}.5,"nbf":{{Seconds}}.25}""");

        Assert.IsType<AgentPrincipal>(await _service.ValidateAsync(token));
    }

    [Fact]
    public async Task ATokenWithoutNbfIsStillAccepted()
    {
        var token = Sign($$"""{"exp":{{Seconds + 600}}}""");

        Assert.IsType<AgentPrincipal>(await _service.ValidateAsync(token));
    }

    /// <summary>An agent token with these lifetime members spliced in, signed with the real key.</summary>
    private static string Sign(string lifetime)
    {
        var members = lifetime.Trim()[1..^1];
        var payload = $$"""{"iss":"cobrowse","aud":"cobrowse-agent","sub":"agent-7","tid":"acme","roles":["agent"],"iat":{{Seconds}},{{members}}}""";
        var input = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.ASCII.GetBytes(input));
        return input + "." + Base64UrlEncoder.Encode(signature);
    }
}
