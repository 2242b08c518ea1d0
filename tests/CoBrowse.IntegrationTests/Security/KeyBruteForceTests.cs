using System.Globalization;
using CoBrowse.Core.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Guessing security keys: a client address is locked out after a few wrong keys, a tenant after many spread over
/// addresses, and a key admits exactly one customer even when redeemed concurrently.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class KeyBruteForceTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private AttemptLimits Limits => stack.Stack.Services.GetRequiredService<AttemptLimits>();

    [Fact]
    public async Task FiveWrongKeysLockOutTheAddressEvenForTheRightKeyWhileAnotherAddressRedeemsItOnce()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, TimeSpan.FromSeconds(20));
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-brute-force");
        const string attacker = "198.51.100.1";

        var wrong = new List<ApiResponse>();
        foreach (var guess in KeyGuessing.WrongKeys(key, 5))
        {
            wrong.Add(await _api.RedeemAsync(tenant, guess, attacker));
        }

        var locked = await _api.RedeemAsync(tenant, key, attacker);
        var elsewhere = await _api.RedeemAsync(tenant, key, "198.51.100.2");
        var again = await _api.RedeemAsync(tenant, key, "198.51.100.3");

        Assert.Equal(5, Limits.MaxAttemptsPerAddress);
        Assert.All(wrong, r => r.AssertProblem(HttpStatusCode.NotFound));
        locked.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(RetryAfterSeconds(locked) > 0, "429 must say when to retry");
        elsewhere.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(sessionId, elsewhere.Body!["session"]!["sessionId"]!.GetValue<string>());
        again.AssertProblem(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task ConcurrentRedemptionsOfOneKeyAdmitExactlyOneCustomer()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-redeem-race");

        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => _api.RedeemAsync(tenant, key, $"198.51.100.{100 + i}")));

        var admitted = Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        var refused = responses.Where(r => r != admitted).ToList();
        Assert.Equal(9, refused.Count);
        Assert.All(refused, r => r.AssertProblem(HttpStatusCode.Gone));
        var session = await _api.SessionAsync(agent, sessionId);
        Assert.Equal("viewOnly", session["state"]!.GetValue<string>());
        Assert.Single(await _api.TimelineAsync(agent, "call-redeem-race"), e => e!["type"]!.GetValue<string>() == "sessionStarted");
        // The one token handed out works for the session.
        (await _api.GetAsync($"/api/v1/sessions/{sessionId}", admitted.Text("customerToken"))).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AHundredWrongKeysSpreadOverAddressesLockTheWholeTenantButNoOther()
    {
        var tenant = await _api.CreateTenantAsync();
        var other = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var otherAgent = await _api.AgentTokenAsync(other);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, TimeSpan.FromSeconds(30));
        // Without a key in the tenant every guess is wrong, and no guess can hit by chance.
        var guesses = Enumerable.Range(0, 100).Select(i => i.ToString("D6", CultureInfo.InvariantCulture)).ToList();

        var wrong = new List<ApiResponse>();
        for (var i = 0; i < guesses.Count; i++)
        {
            // 25 addresses x 4 guesses: each address stays under its own limit of 5.
            wrong.Add(await _api.RedeemAsync(tenant, guesses[i], $"192.0.2.{(i % 25) + 1}"));
        }

        var (key, _) = await _api.IssueKeyAsync(agent, "call-tenant-locked");
        var locked = await _api.RedeemAsync(tenant, key, "192.0.2.200");
        var (otherKey, otherSession) = await _api.IssueKeyAsync(otherAgent, "call-tenant-locked");
        var unaffected = await _api.RedeemAsync(other, otherKey, "192.0.2.200");

        Assert.Equal(100, Limits.MaxFailuresPerTenant);
        Assert.All(wrong, r => r.AssertProblem(HttpStatusCode.NotFound));
        locked.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(RetryAfterSeconds(locked) > 0, "429 must say when to retry");
        unaffected.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(otherSession, unaffected.Body!["session"]!["sessionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AKeyIsVoidAfterFiftyWrongGuessesInItsTenantWhileAKeyIssuedAfterwardsStillWorks()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, TimeSpan.FromSeconds(20));
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-key-outguessed");

        var wrong = new List<ApiResponse>();
        var guesses = KeyGuessing.WrongKeys(key, Limits.MaxGuessesPerKey).ToList();
        for (var i = 0; i < guesses.Count; i++)
        {
            // 10 addresses x 5 guesses: no address and not the tenant is locked out.
            wrong.Add(await _api.RedeemAsync(tenant, guesses[i], $"203.0.113.{(i % 10) + 100}"));
        }

        var outguessed = await _api.RedeemAsync(tenant, key, "203.0.113.200");
        var (freshKey, _) = await _api.IssueKeyAsync(agent, "call-key-fresh");
        var fresh = await _api.RedeemAsync(tenant, freshKey, "203.0.113.200");

        Assert.Equal(50, Limits.MaxGuessesPerKey);
        Assert.All(wrong, r => r.AssertProblem(HttpStatusCode.NotFound));
        outguessed.AssertProblem(HttpStatusCode.Gone);
        Assert.False(outguessed.Body!.AsObject().ContainsKey("customerToken"));
        Assert.Equal("pending", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
        fresh.AssertStatus(HttpStatusCode.OK);
    }

    private static int RetryAfterSeconds(ApiResponse response)
    {
        var retryAfter = response.Headers.RetryAfter;
        Assert.NotNull(retryAfter);
        Assert.NotNull(retryAfter.Delta);
        return (int)retryAfter.Delta.Value.TotalSeconds;
    }
}
