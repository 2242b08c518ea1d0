using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Minting agent tokens and realtime client URLs is rate limited per tenant, per subject and per client address,
/// answered with a 429 problem and Retry-After (readable cross-origin on customer routes); every other tenant,
/// subject and address keeps its own budget. Runs against a stack with low limits (<see cref="RateLimitStackFixture"/>).
/// </summary>
[Collection(RateLimitStackCollection.Name)]
public sealed class MintRateLimitTests(RateLimitStackFixture stack)
{
    private static int _addressCounter;
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task AgentTokensAreLimitedPerAddressThenPerTenantAndOtherTenantsKeepTheirBudget()
    {
        var tenant = await _api.CreateTenantAsync();
        var other = await _api.CreateTenantAsync();
        var first = NewAddress();

        var fromFirst = await MintManyAsync(tenant, first, RateLimitStackFixture.AgentTokensPerAddress + 1);
        Assert.All(fromFirst[..^1], r => r.AssertStatus(HttpStatusCode.OK));
        AssertTooMany(fromFirst[^1]);

        // A second address has its own budget until the tenant's is spent (3 from the first address counted, 1 refused).
        var second = NewAddress();
        var fromSecond = await MintManyAsync(tenant, second, RateLimitStackFixture.AgentTokensPerTenant - RateLimitStackFixture.AgentTokensPerAddress - 1 + 1);
        Assert.All(fromSecond[..^1], r => r.AssertStatus(HttpStatusCode.OK));
        AssertTooMany(fromSecond[^1]);
        AssertTooMany((await MintManyAsync(tenant, NewAddress(), 1))[0]);

        // The other tenant, even from the same address, is not affected.
        (await MintManyAsync(other, first, 1))[0].AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CallersWithoutAValidApiKeySpendNothingOfTheTenantsBudget()
    {
        var tenant = await _api.CreateTenantAsync();
        var address = NewAddress();
        var parts = tenant.ApiKey.Split('.');
        var wrongSecret = string.Join('.', parts[0], parts[1], parts[2], "not-the-secret");

        for (var i = 0; i < RateLimitStackFixture.AgentTokensPerTenant + 2; i++)
        {
            (await _api.PostAsync("/api/v1/agent-tokens", wrongSecret, new { agentId = "x" }, Forwarded(address))).AssertProblem(HttpStatusCode.Unauthorized);
        }

        Assert.All(await MintManyAsync(tenant, address, RateLimitStackFixture.AgentTokensPerAddress), r => r.AssertStatus(HttpStatusCode.OK));
    }

    [Fact]
    public async Task ACustomersNegotiatesAreLimitedPerSessionAndTheWaitIsReadableOnTheTenantsOrigin()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-rate-customer");

        var answers = new List<ApiResponse>();
        for (var i = 0; i <= RateLimitStackFixture.NegotiatesPerSubject; i++)
        {
            // A different address each time: the session's own budget is what runs out.
            answers.Add(await NegotiateAsync(sessionId, customer, NewAddress(), tenant.Origin));
        }

        Assert.All(answers[..^1], r => r.AssertStatus(HttpStatusCode.OK));
        var refused = answers[^1];
        AssertTooMany(refused);
        Assert.Contains(tenant.Origin, refused.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("Retry-After", string.Join(',', refused.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);

        // The agent of the same session is another subject; the session itself is untouched.
        (await NegotiateAsync(sessionId, agent, NewAddress())).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("viewOnly", (await _api.SessionAsync(agent, sessionId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task NegotiatesFromOneAddressAreLimitedAcrossSessions()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var address = NewAddress();
        var answers = new List<ApiResponse>();
        for (var i = 0; answers.Count <= RateLimitStackFixture.NegotiatesPerAddress; i++)
        {
            var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, $"call-rate-addr-{i}");
            answers.Add(await NegotiateAsync(sessionId, customer, address));
            answers.Add(await NegotiateAsync(sessionId, agent, address));
        }

        Assert.All(answers.Take(RateLimitStackFixture.NegotiatesPerAddress), r => r.AssertStatus(HttpStatusCode.OK));
        Assert.All(answers.Skip(RateLimitStackFixture.NegotiatesPerAddress), AssertTooMany);
    }

    [Fact]
    public async Task LiveNegotiateAndWatchAreLimitedPerSupervisor()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var supervisor = await _api.AgentTokenAsync(tenant, "sup-1", "supervisor");
        var otherSupervisor = await _api.AgentTokenAsync(tenant, "sup-2", "supervisor");
        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-rate-live");

        var live = new List<ApiResponse>();
        var watch = new List<ApiResponse>();
        for (var i = 0; i <= RateLimitStackFixture.NegotiatesPerSubject; i++)
        {
            live.Add(await _api.PostAsync("/api/v1/live/negotiate", supervisor, headers: Forwarded(NewAddress())));
            watch.Add(await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", supervisor, headers: Forwarded(NewAddress())));
        }

        Assert.All(live[..^1], r => r.AssertStatus(HttpStatusCode.OK));
        Assert.All(watch[..^1], r => r.AssertStatus(HttpStatusCode.OK));
        AssertTooMany(live[^1]);
        AssertTooMany(watch[^1]);
        (await _api.PostAsync("/api/v1/live/negotiate", otherSupervisor, headers: Forwarded(NewAddress()))).AssertStatus(HttpStatusCode.OK);
    }

    private static void AssertTooMany(ApiResponse response)
    {
        response.AssertProblem(HttpStatusCode.TooManyRequests);
        var seconds = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, RateLimitStackFixture.WindowSeconds);
    }

    private async Task<ApiResponse[]> MintManyAsync(TestTenant tenant, string address, int count)
    {
        var answers = new ApiResponse[count];
        for (var i = 0; i < count; i++)
        {
            answers[i] = await _api.PostAsync("/api/v1/agent-tokens", tenant.ApiKey, new { agentId = $"agent-{i}" }, Forwarded(address));
        }

        return answers;
    }

    private Task<ApiResponse> NegotiateAsync(string sessionId, string token, string address, string? origin = null)
    {
        var headers = Forwarded(address);
        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        return _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", token, headers: headers);
    }

    private static Dictionary<string, string> Forwarded(string address) => new() { ["X-Forwarded-For"] = address };

    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref _addressCounter);
        return $"198.51.{n / 250}.{(n % 250) + 1}";
    }
}
