using CoBrowse.Core.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// An attacker with an IPv6 subscriber line owns a whole /64: rotating through its addresses must not buy a fresh
/// per-address budget for every guess.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class KeyGuessAddressRotationTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private AttemptLimits Limits => stack.Stack.Services.GetRequiredService<AttemptLimits>();

    [Fact]
    public async Task RotatingThroughTheAddressesOfOneIpv6SlashSixtyFourDoesNotResetTheAddressLimit()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        await KeyGuessing.AvoidWindowBoundaryAsync(Limits, TimeSpan.FromSeconds(20));
        var (key, _) = await _api.IssueKeyAsync(agent, "call-ipv6-rotation");
        var guesses = KeyGuessing.WrongKeys(key, Limits.MaxAttemptsPerAddress + 3).ToList();

        var answers = new List<ApiResponse>();
        for (var i = 0; i < guesses.Count; i++)
        {
            answers.Add(await _api.RedeemAsync(tenant, guesses[i], $"2001:db8:77:1::{i + 1:x}"));
        }

        var otherLine = await _api.RedeemAsync(tenant, key, "2001:db8:77:2::1");

        Assert.All(answers.Take(Limits.MaxAttemptsPerAddress), r => r.AssertProblem(HttpStatusCode.NotFound));
        Assert.All(answers.Skip(Limits.MaxAttemptsPerAddress), r => r.AssertProblem(HttpStatusCode.TooManyRequests));
        otherLine.AssertStatus(HttpStatusCode.OK);
    }
}
