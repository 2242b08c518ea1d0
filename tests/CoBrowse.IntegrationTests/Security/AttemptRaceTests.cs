using System.Globalization;
using CoBrowse.Core.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>Races and ordering around key and offer redemption: parallel guesses, spent keys, early timers.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class AttemptRaceTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private AttemptLimits Limits => stack.Stack.Services.GetRequiredService<AttemptLimits>();

    // Attempts are counted before they are judged, so parallel guesses cannot all pass one check.
    [Fact]
    public async Task ParallelWrongKeysFromOneAddressGetNoMoreGuessesThanTheAddressLimit()
    {
        var tenant = await _api.CreateTenantAsync();
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, TimeSpan.FromSeconds(20));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => _api.RedeemAsync(tenant, i.ToString("D6", CultureInfo.InvariantCulture), "198.51.100.50")));

        Assert.All(responses, r => Assert.Contains(r.Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
        var evaluated = responses.Count(r => r.Status == HttpStatusCode.NotFound);
        Assert.True(evaluated <= Limits.MaxAttemptsPerAddress, $"{evaluated} guesses were checked from one address; the limit is {Limits.MaxAttemptsPerAddress}.");
    }

    // Under contention every wrong guess is still counted (no 500, no skipped counter).
    [Fact]
    public async Task ParallelWrongKeysFromManyAddressesAreAllRefusedAndAllCountAgainstTheKey()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, TimeSpan.FromSeconds(20));
        var (key, _) = await _api.IssueKeyAsync(agent, "call-parallel-guessers");

        var responses = await Task.WhenAll(KeyGuessing.WrongKeys(key, Limits.MaxGuessesPerKey)
            .Select((guess, i) => _api.RedeemAsync(tenant, guess, $"198.51.102.{i + 1}")));
        var afterwards = await _api.RedeemAsync(tenant, key, "198.51.102.250");

        Assert.All(responses, r => r.AssertProblem(HttpStatusCode.NotFound));
        // Every wrong guess counted, so the key has outlived its budget of guesses.
        afterwards.AssertProblem(HttpStatusCode.Gone);
    }

    // A key or offer whose session already ended is refused without being spent.
    [Fact]
    public async Task AKeyRefusedBecauseItsSessionEndedIsNotRecordedAsUsed()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-ended-before-redeem");
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", agent)).AssertStatus(HttpStatusCode.OK);

        var first = await _api.RedeemAsync(tenant, key);
        var second = await _api.RedeemAsync(tenant, key);

        first.AssertProblem(HttpStatusCode.Gone);
        second.AssertProblem(HttpStatusCode.Gone);
        // Nobody joined, so the key must not claim it was used (a used-key retry also counts as a wrong guess).
        Assert.DoesNotContain("used", second.Text("detail"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnOfferRefusedBecauseItsSessionEndedIsNotRecordedAsAccepted()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var offer = (await _api.PostAsync("/api/v1/interactions/chat-ended-before-accept/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);
        (await _api.PostAsync($"/api/v1/sessions/{offer.Text("sessionId")}/end", agent)).AssertStatus(HttpStatusCode.OK);

        var first = await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: true);
        var second = await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: true);

        first.AssertProblem(HttpStatusCode.Gone);
        second.AssertProblem(HttpStatusCode.Gone);
        Assert.DoesNotContain("accepted", second.Text("detail"), StringComparison.OrdinalIgnoreCase);
    }

    // An early scheduled signal must not end a pending session before its key expires.
    [Fact]
    public async Task APendingSessionNeverEndsByExpiryBeforeItsKeyExpires()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            await Task.Delay(i * 97);
            var issued = (await _api.PostAsync($"/api/v1/interactions/call-expiry-{i}/security-keys", agent)).AssertStatus(HttpStatusCode.Created);
            var ended = await _api.WaitForStateAsync(agent, issued.Text("sessionId"), "ended", LocalStackFixture.KeyLifetime + TimeSpan.FromSeconds(30));
            var redeem = await _api.RedeemAsync(tenant, issued.Text("key"), $"192.0.2.{i + 1}");
            var early = DateTimeOffset.Parse(issued.Text("expiresAt"), CultureInfo.InvariantCulture) - DateTimeOffset.Parse(ended["endedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            return (Early: early, Redeem: redeem.Status);
        }));

        Assert.All(outcomes, o => Assert.True(o.Early <= TimeSpan.Zero, $"Ended {o.Early.TotalMilliseconds:F0} ms before the key expired"));
        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.Gone, o.Redeem));
    }
}
