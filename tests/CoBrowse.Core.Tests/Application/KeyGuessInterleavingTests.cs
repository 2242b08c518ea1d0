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

    private void HoldEveryLookupBut(string code) => _h.Keys.BeforeLookup = typed =>
    {
        if (typed == code)
        {
            return Task.CompletedTask;
        }

        _heldGuesses++;
        return _held.Task;
    };

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

    private static IEnumerable<string> WrongCodes(string code, int count) =>
        Enumerable.Range(1, count).Select(n => ((int.Parse(code, CultureInfo.InvariantCulture) + n) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
}
