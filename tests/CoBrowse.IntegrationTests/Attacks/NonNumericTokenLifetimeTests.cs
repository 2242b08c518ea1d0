using CoBrowse.Infrastructure.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.IntegrationTests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Agent and customer tokens signed with the real key whose <c>exp</c>/<c>nbf</c> are not JSON numbers (a string
/// of digits far in the future, an array, an object, a bool) or whose <c>exp</c> is missing: 401 problems at every
/// kind of call, and the session is untouched. The same token with numeric dates is accepted.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class NonNumericTokenLifetimeTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private TokenOptions Tokens => stack.Stack.Services.GetRequiredService<IOptions<TokenOptions>>().Value;

    [Fact]
    public async Task AgentAndCustomerTokensWithANonNumericLifetimeAreRefusedWith401()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-string-exp");
        var before = (await _api.SessionAsync(agent, sessionId)).ToJsonString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var farFuture = now + (86_400L * 365 * 10);
        var key = Convert.FromBase64String(Tokens.SigningKey);
        var hs256 = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        JsonObject Agent() => new() { ["iss"] = Tokens.Issuer, ["aud"] = "cobrowse-agent", ["sub"] = "agent-1", ["tid"] = tenant.TenantId, ["roles"] = new JsonArray("agent"), ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600 };
        JsonObject Customer() => new() { ["iss"] = Tokens.Issuer, ["aud"] = "cobrowse-customer", ["sub"] = "customer", ["tid"] = tenant.TenantId, ["sid"] = sessionId, ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600 };
        var lifetimes = new Dictionary<string, Action<JsonObject>>
        {
            ["exp as a string of digits"] = c => c["exp"] = farFuture.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["exp as an array"] = c => c["exp"] = new JsonArray(farFuture),
            ["exp as an object"] = c => c["exp"] = new JsonObject { ["n"] = farFuture },
            ["exp as true"] = c => c["exp"] = true,
            ["exp missing"] = c => c.Remove("exp"),
            ["nbf as a string"] = c => c["nbf"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["nbf as an array"] = c => c["nbf"] = new JsonArray(now),
        };
        var failures = new List<string>();

        foreach (var (what, change) in lifetimes)
        {
            foreach (var (kind, claims) in new[] { ("agent", Agent()), ("customer", Customer()) })
            {
                change(claims);
                var forged = ForgedJwt.Sign(hs256, claims, key);
                foreach (var response in new[]
                {
                    await _api.GetAsync($"/api/v1/sessions/{sessionId}", forged),
                    await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", forged),
                })
                {
                    if (response.Status != HttpStatusCode.Unauthorized || response.ContentType != "application/problem+json")
                    {
                        failures.Add($"{kind} token, {what}: {(int)response.Status} {response.Body?.ToJsonString()}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, (await _api.SessionAsync(agent, sessionId)).ToJsonString());
        (await _api.GetAsync($"/api/v1/sessions/{sessionId}", ForgedJwt.Sign(hs256, Agent(), key))).AssertStatus(HttpStatusCode.OK);
        (await _api.GetAsync($"/api/v1/sessions/{sessionId}", ForgedJwt.Sign(hs256, Customer(), key))).AssertStatus(HttpStatusCode.OK);
    }
}
