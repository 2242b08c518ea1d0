using System.Globalization;
using CoBrowse.Core.Application;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

/// <summary>
/// Guesses that overlap: a test holds wrong guesses just before their key lookup (they were counted, not yet judged)
/// and lets other requests run meanwhile, as a storm of parallel requests does. Every bound must count the guesses
/// still in flight.
/// </summary>
public class KeyGuessInterleavingTests
{
    private readonly ServiceHarness _h = new();
    private readonly TaskCompletionSource _held = new();
    private int _heldGuesses;

    [Fact]
    public async Task NoMoreGuessesThanTheTenantBoundAreJudgedWhenTheyAllArriveTogether()
    {
        var issued = await IssueAsync();
        HoldEveryLookupBut(issued.Key.Code);

        // 30 addresses x 5: no address is over its limit, 150 guesses are in flight at once.
        var guesses = WrongCodes(issued.Key.Code, 150).Select((code, i) => RedeemAsync(code, $"198.51.100.{i % 30}")).ToList();
        var refusedBeforeJudging = guesses.Count(g => g.IsCompleted);
        _held.SetResult();
        var answers = await Task.WhenAll(guesses.Select(ProblemKindAsync));

        Assert.True(_heldGuesses <= _h.Limits.MaxFailuresPerTenant, $"{_heldGuesses} guesses reached judgement in one window; the bound is {_h.Limits.MaxFailuresPerTenant}");
        Assert.Equal(150 - _heldGuesses, refusedBeforeJudging);
        Assert.Equal(_heldGuesses, answers.Count(kind => kind == ProblemKind.NotFound));
        Assert.Equal(150 - _heldGuesses, answers.Count(kind => kind == ProblemKind.TooManyRequests));
    }

    [Fact]
    public async Task AKeyIsNotRedeemedWhileItsWholeBudgetOfWrongGuessesIsStillBeingJudged()
    {
        var issued = await IssueAsync();
        HoldEveryLookupBut(issued.Key.Code);
        var wrong = WrongCodes(issued.Key.Code, _h.Limits.MaxGuessesPerKey).Select((code, i) => RedeemAsync(code, $"198.51.100.{i}")).ToList();

        var redeem = await ProblemKindAsync(RedeemAsync(issued.Key.Code, "203.0.113.99"));
        _held.SetResult();
        var answers = await Task.WhenAll(wrong.Select(ProblemKindAsync));

        Assert.Equal(_h.Limits.MaxGuessesPerKey, _heldGuesses);
        Assert.All(answers, kind => Assert.Equal(ProblemKind.NotFound, kind));
        Assert.True(redeem == ProblemKind.Gone, $"the key answered {redeem?.ToString() ?? "redeemed"} while {_heldGuesses} wrong guesses were in flight; its budget is {_h.Limits.MaxGuessesPerKey}");
        Assert.Empty(_h.Tokens.CustomerTokens);
        Assert.Equal(SessionState.Pending, _h.Sessions.Stored(TenantId, issued.Session.SessionId).State);
    }

    [Fact]
    public async Task AKeyIssuedMidStormCountsOnlyTheGuessesNumberedAfterIt()
    {
        var other = await IssueAsync();
        HoldEveryLookupBut(other.Key.Code);
        var inFlight = WrongCodes(other.Key.Code, 30).Select((code, i) => RedeemAsync(code, $"198.51.100.{i}")).ToList();
        var issued = await IssueAsync();
        _held.SetResult();
        await Task.WhenAll(inFlight.Select(ProblemKindAsync));

        await GuessWrongAsync(issued.Key.Code, _h.Limits.MaxGuessesPerKey - 1, "198.51.101");
        var joined = await RedeemAsync(issued.Key.Code, "203.0.113.99");

        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
    }

    // A correct guess numbered before a key's issue that lands after it must not give that key an extra wrong guess.
    [Fact]
    public async Task ARedemptionCountedBeforeAKeysIssueButLandingAfterItLeavesThatKeysBudgetAlone()
    {
        var first = await IssueAsync();
        Hold(code => code == first.Key.Code);
        var redeeming = RedeemAsync(first.Key.Code, "203.0.113.1");
        var issued = await IssueAsync();
        _held.SetResult();
        await redeeming;

        await GuessWrongAsync(issued.Key.Code, _h.Limits.MaxGuessesPerKey, "198.51.101");
        var redeem = await ProblemKindAsync(RedeemAsync(issued.Key.Code, "203.0.113.99"));

        Assert.Equal(ProblemKind.Gone, redeem);
    }

    // In-flight guesses count as wrong until they redeem: a burst of real customers only delays a key, it does not void it.
    [Fact]
    public async Task AKeyRefusedWhileOtherCustomersAreRedeemingWorksOnceTheirRedemptionsLand()
    {
        var issued = await IssueAsync();
        var others = new List<IssuedSecurityKey>();
        for (var i = 0; i < _h.Limits.MaxGuessesPerKey; i++)
        {
            others.Add(await _h.SecurityKeyService.IssueAsync(_h.Agent, $"call-{i}", null, _h.Signals, CancellationToken.None));
        }

        Hold(code => code != issued.Key.Code);
        var customers = others.Select((o, i) => RedeemAsync(o.Key.Code, $"198.51.100.{i}")).ToList();

        var whileInFlight = await ProblemKindAsync(RedeemAsync(issued.Key.Code, "203.0.113.99"));
        _held.SetResult();
        await Task.WhenAll(customers);
        var retry = await RedeemAsync(issued.Key.Code, "203.0.113.99");

        Assert.Equal(ProblemKind.Gone, whileInFlight);
        Assert.Equal(SessionState.ViewOnly, retry.Session.State);
        Assert.Equal(_h.Limits.MaxGuessesPerKey + 2, _h.GuessLedger.Of(TenantId).Total);
        // Only the refused attempt still holds a place in the window.
        Assert.Equal(1, _h.GuessLedger.Of(TenantId).InWindow);
    }

    private void HoldEveryLookupBut(string code) => Hold(typed => typed != code);

    private void Hold(Func<string, bool> held) => _h.Keys.BeforeLookup = typed =>
    {
        if (!held(typed))
        {
            return Task.CompletedTask;
        }

        _heldGuesses++;
        return _held.Task;
    };

    private async Task GuessWrongAsync(string code, int count, string network)
    {
        foreach (var (wrong, i) in WrongCodes(code, count).Select((wrong, i) => (wrong, i)))
        {
            Assert.Equal(ProblemKind.NotFound, await ProblemKindAsync(RedeemAsync(wrong, $"{network}.{i}")));
        }
    }

    private Task<IssuedSecurityKey> IssueAsync() =>
        _h.SecurityKeyService.IssueAsync(_h.Agent, InteractionId, null, _h.Signals, CancellationToken.None);

    private Task<JoinedSession> RedeemAsync(string code, string address) =>
        _h.SecurityKeyService.RedeemAsync(SiteKey, Origin, code, address, _h.Signals, CancellationToken.None);

    /// <summary>The problem a request ended with; null when it succeeded.</summary>
    private static async Task<ProblemKind?> ProblemKindAsync(Task<JoinedSession> request)
    {
        try
        {
            await request;
            return null;
        }
        catch (CoBrowseProblemException problem)
        {
            return problem.Kind;
        }
    }

    /// <summary>The codes after <paramref name="code"/> that no stored key has.</summary>
    private List<string> WrongCodes(string code, int count)
    {
        var live = _h.Keys.All.Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(1, 1_000_000)
            .Select(n => ((int.Parse(code, CultureInfo.InvariantCulture) + n) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture))
            .Where(wrong => !live.Contains(wrong))
            .Take(count)
            .ToList();
    }
}
