using CoBrowse.Core.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// A distributed guesser fires hundreds of wrong security keys at once, from many addresses each under its own limit,
/// while real keys are live. The tenant's window may judge no more wrong guesses than its bound, every other guess is
/// refused with a 429, and no key is redeemed once its budget of wrong guesses was spent.
/// </summary>
[Collection(KeyStormStackCollection.Name)]
public sealed class KeyGuessStormTests(KeyStormStackFixture stack, ITestOutputHelper output)
{
    private const int LiveKeys = 10;
    private static readonly TimeSpan StormTime = TimeSpan.FromMinutes(2);

    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private AttemptLimits Limits => stack.Stack.Services.GetRequiredService<AttemptLimits>();

    [Fact]
    public async Task TwoHundredFiftyParallelWrongGuessesFromFiftyAddressesGetNoMoreJudgedThanTheTenantBound()
    {
        var tenant = await _api.CreateTenantAsync();
        var other = await _api.CreateTenantAsync();
        var otherAgent = await _api.AgentTokenAsync(other);
        var keys = await IssueKeysAsync(tenant, "call-storm");
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, StormTime);
        var storm = new GuessStorm(_api, tenant);

        // 50 addresses x 5 guesses: every address stays within its own limit, only the tenant bound can stop them.
        var answers = await storm.RunAsync(GuessStorm.WrongGuesses(keys, "198.18.1", 50, Limits.MaxAttemptsPerAddress));
        var afterwards = await RedeemEachAsync(tenant, keys, "198.18.2");
        var (otherKey, _) = await _api.IssueKeyAsync(otherAgent, "call-storm-elsewhere");
        var elsewhere = await _api.RedeemAsync(other, otherKey, "198.18.1.1");

        var judged = answers.Count(a => a.Status == HttpStatusCode.NotFound);
        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        var redeemed = afterwards.Count(a => a.Status == HttpStatusCode.OK);
        output.WriteLine($"{answers.Length} parallel wrong guesses: {judged} judged (404), {refused.Count} refused (429); keys redeemed afterwards: {redeemed} of {LiveKeys}");
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
        Assert.All(answers, a => a.AssertProblem(a.Status));
        Assert.All(refused, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 must say when to retry"));
        Assert.True(judged <= Limits.MaxFailuresPerTenant, $"{judged} wrong guesses were judged in one window; the tenant bound is {Limits.MaxFailuresPerTenant}.");
        Assert.Equal(0, redeemed);
        Assert.All(afterwards, a => Assert.Contains(a.Status, new[] { HttpStatusCode.TooManyRequests, HttpStatusCode.Gone }));
        // The lock is the tenant's: another tenant's customer, even from an attacking address, gets in.
        elsewhere.AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongGuessesUnderTheTenantBoundButOverAKeysBudgetLeaveNoKeyRedeemableWhileAKeyIssuedAfterwardsIs()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var keys = await IssueKeysAsync(tenant, "call-budget", agent);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, StormTime);
        var storm = new GuessStorm(_api, tenant);
        var budget = Limits.MaxGuessesPerKey;

        // 80 wrong guesses (40 addresses x 2) stay under the tenant bound; the customers of half the keys try them
        // while the storm runs, each only once the budget's worth of wrong guesses was certainly judged.
        var guesses = GuessStorm.WrongGuesses(keys, "198.18.3", 40, 2);
        var racing = keys.Take(LiveKeys / 2).Select((key, i) => RedeemOnceJudgedAsync(storm, tenant, key, $"198.18.4.{i + 1}", budget)).ToList();
        var answers = await storm.RunAsync(guesses);
        var duringStorm = await Task.WhenAll(racing);
        var afterwards = await RedeemEachAsync(tenant, keys.Skip(LiveKeys / 2).ToList(), "198.18.5");
        var (freshKey, _) = await _api.IssueKeyAsync(agent, "call-budget-fresh");
        var fresh = await _api.RedeemAsync(tenant, freshKey, "198.18.6.1");

        var judged = answers.Count(a => a.Status == HttpStatusCode.NotFound);
        var redeemedDuring = duringStorm.Count(r => r.Status == HttpStatusCode.OK);
        var redeemedAfter = afterwards.Count(a => a.Status == HttpStatusCode.OK);
        output.WriteLine($"{answers.Length} parallel wrong guesses: {judged} judged (404); keys redeemed after {budget} were judged: {redeemedDuring} of {duringStorm.Length} during the storm, {redeemedAfter} of {afterwards.Count} afterwards; a key issued afterwards: {(int)fresh.Status}");
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
        Assert.True(judged >= budget, $"only {judged} guesses were judged; the storm must spend every key's budget of {budget} to prove anything");
        Assert.Equal(0, redeemedDuring);
        Assert.Equal(0, redeemedAfter);
        Assert.All(duringStorm.Concat(afterwards), a => Assert.Contains(a.Status, new[] { HttpStatusCode.Gone, HttpStatusCode.TooManyRequests }));
        fresh.AssertStatus(HttpStatusCode.OK);
    }

    // The other side of the budget: right keys are not guesses against anyone, so a busy tenant never voids its keys.
    [Fact]
    public async Task SixtyCustomersRedeemingTheirKeysMeanwhileSpendNothingOfAnotherKeysBudget()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, StormTime);
        var (waiting, _) = await _api.IssueKeyAsync(agent, "call-waiting");
        var others = await IssueKeysAsync(tenant, "call-busy", agent, 60);

        var customers = await Task.WhenAll(others.Select((key, i) => _api.RedeemAsync(tenant, key, $"198.18.7.{i + 1}")));
        var wrong = await RedeemEachAsync(tenant, GuessStorm.WrongGuesses([waiting, .. others], "198.18.8", 10, 1).Select(g => g.Code), "198.18.8");
        var joined = await _api.RedeemAsync(tenant, waiting, "198.18.9.1");

        Assert.All(customers, c => c.AssertStatus(HttpStatusCode.OK));
        Assert.All(wrong, w => w.AssertProblem(HttpStatusCode.NotFound));
        joined.AssertStatus(HttpStatusCode.OK);
    }

    private async Task<IReadOnlyList<string>> IssueKeysAsync(TestTenant tenant, string interactionPrefix, string? agent = null, int count = LiveKeys)
    {
        agent ??= await _api.AgentTokenAsync(tenant);
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            keys.Add((await _api.IssueKeyAsync(agent, $"{interactionPrefix}-{i}")).Key);
        }

        return keys;
    }

    private async Task<List<ApiResponse>> RedeemEachAsync(TestTenant tenant, IEnumerable<string> keys, string network)
    {
        var answers = new List<ApiResponse>();
        foreach (var (key, i) in keys.Select((key, i) => (key, i)))
        {
            answers.Add(await _api.RedeemAsync(tenant, key, $"{network}.{i + 1}"));
        }

        return answers;
    }

    private async Task<ApiResponse> RedeemOnceJudgedAsync(GuessStorm storm, TestTenant tenant, string key, string address, int judged)
    {
        await storm.JudgedAtLeastAsync(judged);
        return await _api.RedeemAsync(tenant, key, address);
    }
}
