using System.Globalization;
using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using CoBrowse.Core.Timeline;
using static CoBrowse.Core.Tests.Fakes.ServiceHarness;

namespace CoBrowse.Core.Tests.Application;

public class SecurityKeyServiceTests
{
    private const string Address = "203.0.113.7";
    private const string OtherAddress = "198.51.100.20";

    private readonly ServiceHarness _h = new();

    [Fact]
    public async Task IssuingCreatesAPendingVoiceSessionAndAKeyForFiveMinutes()
    {
        var issued = await IssueAsync();

        Assert.Equal(SessionState.Pending, issued.Session.State);
        Assert.Equal(Channel.Voice, issued.Session.Channel);
        Assert.Equal(AgentId, issued.Session.OwnerAgentId);
        Assert.Equal(InteractionId, issued.Session.InteractionId);
        Assert.Equal(issued.Session, _h.Sessions.Stored(TenantId, issued.Session.SessionId));
        Assert.True(SecurityKey.TryNormalize(issued.Key.Code, out _));
        Assert.Equal(issued.Session.SessionId, issued.Key.SessionId);
        Assert.Equal(_h.Now + TimeSpan.FromMinutes(5), issued.Key.ExpiresAt);
        Assert.Null(issued.Key.RedeemedAt);
        Assert.Equal(TimelineEventType.KeyIssued, Assert.Single(_h.Timeline.Events).Type);
        var created = Assert.IsType<SessionCreatedSignal>(Assert.Single(_h.Signals.Calls));
        Assert.Equal(EndReason.KeyExpired, created.ExpiryReason);
        Assert.Equal(issued.Key.ExpiresAt, created.ExpiresAt);
        Assert.Null(created.InactivityTimeout);
    }

    [Fact]
    public async Task IssuingTriesAnotherCodeWhenTheFirstIsTaken()
    {
        _h.Keys.CodesTakenForNextAdds = 3;

        var issued = await IssueAsync();

        Assert.Equal(4, _h.Keys.AddAttempts);
        Assert.Equal(issued.Key, Assert.Single(_h.Keys.All));
        Assert.Single(_h.Sessions.All);
    }

    [Fact]
    public async Task IssuingGivesUpWithAConflictWhenEveryCodeIsTaken()
    {
        _h.Keys.CodesTakenForNextAdds = int.MaxValue;

        var problem = await ProblemAsync(IssueAsync);

        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal(20, _h.Keys.AddAttempts);
        Assert.Empty(_h.Sessions.All);
        Assert.Empty(_h.Signals.Calls);
    }

    [Fact]
    public async Task IssuingForAnUnknownTenantIsNotFound()
    {
        var stranger = _h.Agent with { TenantId = "globex" };

        var problem = await ProblemAsync(() => _h.SecurityKeyService.IssueAsync(stranger, InteractionId, null, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad/id")]
    public async Task IssuingWithABadInteractionIdIsABadRequest(string interactionId)
    {
        var problem = await ProblemAsync(() => _h.SecurityKeyService.IssueAsync(_h.Agent, interactionId, null, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Fact]
    public async Task RedeemingTheRightKeyStartsTheSessionAndHandsTheCustomerAToken()
    {
        var issued = await IssueAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(1));

        var joined = await RedeemAsync(issued.Key.Code);

        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
        Assert.Equal(_h.Now, joined.Session.StartedAt);
        Assert.Equal(joined.Session, _h.Sessions.Stored(TenantId, issued.Session.SessionId));
        Assert.Equal(new CustomerPrincipal(TenantId, issued.Session.SessionId), Assert.Single(_h.Tokens.CustomerTokens));
        Assert.Equal($"customer:{TenantId}:{issued.Session.SessionId}", joined.CustomerToken.Token);
        Assert.Equal(_h.Now, Assert.Single(_h.Keys.All).RedeemedAt);
        var signal = Assert.IsType<CustomerJoinedSignal>(_h.Signals.Calls[^1]);
        Assert.Equal(joined.Session, signal.Session);
        Assert.Equal(
            [TimelineEventType.KeyIssued, TimelineEventType.SessionStarted],
            _h.Timeline.Events.Select(e => e.Type));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("-")]
    public async Task RedeemingAcceptsTheKeyWithSeparators(string separator)
    {
        var issued = await IssueAsync();
        var typed = issued.Key.Code[..3] + separator + issued.Key.Code[3..];

        var joined = await RedeemAsync(typed);

        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
    }

    [Fact]
    public async Task RedeemingAWrongKeyIsNotFoundAndCountsAsAFailure()
    {
        var issued = await IssueAsync();

        var problem = await ProblemAsync(() => RedeemAsync(WrongCode(issued.Key.Code)));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
        Assert.Contains(_h.Attempts.Counts, count => count.Key.Contains(Address, StringComparison.Ordinal) && count.Value == 1);
        Assert.Equal((1L, 1L), (_h.GuessLedger.Of(TenantId).InWindow, _h.GuessLedger.Of(TenantId).Total));
        Assert.Equal(SessionState.Pending, _h.Sessions.Stored(TenantId, issued.Session.SessionId).State);
        Assert.Null(Assert.Single(_h.Keys.All).RedeemedAt);
    }

    [Fact]
    public async Task FiveWrongKeysFromOneAddressLockItOutWhileAnotherAddressStillRedeemsOnce()
    {
        var issued = await IssueAsync();
        for (var guess = 0; guess < _h.Limits.MaxAttemptsPerAddress; guess++)
        {
            var wrong = await ProblemAsync(() => RedeemAsync(WrongCode(issued.Key.Code, guess + 1)));
            Assert.Equal(ProblemKind.NotFound, wrong.Kind);
        }

        var locked = await ProblemAsync(() => RedeemAsync(issued.Key.Code));
        var joined = await RedeemAsync(issued.Key.Code, OtherAddress);
        var again = await ProblemAsync(() => RedeemAsync(issued.Key.Code, OtherAddress));

        Assert.Equal(ProblemKind.TooManyRequests, locked.Kind);
        Assert.NotNull(locked.RetryAfter);
        Assert.True(locked.RetryAfter > TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMinutes(7), locked.RetryAfter);
        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
        Assert.Equal(ProblemKind.Gone, again.Kind);
        Assert.Single(_h.Tokens.CustomerTokens);
    }

    [Fact]
    public async Task ALockedOutAddressIsLetBackInWhenTheWindowTurns()
    {
        var issued = await IssueAsync();
        for (var guess = 0; guess < _h.Limits.MaxAttemptsPerAddress; guess++)
        {
            await ProblemAsync(() => RedeemAsync(WrongCode(issued.Key.Code, guess + 1)));
        }

        var locked = await ProblemAsync(() => RedeemAsync(issued.Key.Code));
        _h.Clock.Advance(locked.RetryAfter!.Value);
        var fresh = await IssueAsync();
        var joined = await RedeemAsync(fresh.Key.Code);

        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
    }

    [Fact]
    public async Task ALockedOutAddressIsRefusedBeforeItsKeyIsEvenRead()
    {
        var issued = await IssueAsync();
        for (var guess = 0; guess < _h.Limits.MaxAttemptsPerAddress; guess++)
        {
            await ProblemAsync(() => RedeemAsync(WrongCode(issued.Key.Code, guess + 1)));
        }

        var malformed = await ProblemAsync(() => RedeemAsync("not a key"));

        Assert.Equal(ProblemKind.TooManyRequests, malformed.Kind);
    }

    [Fact]
    public async Task RedeemingTheSameKeyTwiceIsGone()
    {
        var issued = await IssueAsync();
        await RedeemAsync(issued.Key.Code);

        var problem = await ProblemAsync(() => RedeemAsync(issued.Key.Code));

        Assert.Equal(ProblemKind.Gone, problem.Kind);
        Assert.Single(_h.Tokens.CustomerTokens);
        Assert.Single(_h.Signals.OfType<CustomerJoinedSignal>());
    }

    [Fact]
    public async Task RedeemingAfterFiveMinutesIsGone()
    {
        var issued = await IssueAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var problem = await ProblemAsync(() => RedeemAsync(issued.Key.Code));

        Assert.Equal(ProblemKind.Gone, problem.Kind);
        Assert.Equal(SessionState.Pending, _h.Sessions.Stored(TenantId, issued.Session.SessionId).State);
        Assert.Empty(_h.Tokens.CustomerTokens);
    }

    [Fact]
    public async Task RedeemingExactlyAtTheExpiryIsGone()
    {
        var issued = await IssueAsync();
        _h.Clock.Advance(_h.StartOptions.SecurityKeyLifetime);

        var problem = await ProblemAsync(() => RedeemAsync(issued.Key.Code));

        Assert.Equal(ProblemKind.Gone, problem.Kind);
    }

    [Fact]
    public async Task AKeyIsVoidAfterTooManyWrongGuessesAcrossTheTenant()
    {
        var h = new ServiceHarness(new AttemptLimits { MaxGuessesPerKey = 3 });
        var issued = await h.SecurityKeyService.IssueAsync(h.Agent, InteractionId, null, h.Signals, CancellationToken.None);
        for (var guess = 0; guess < 3; guess++)
        {
            var address = $"198.51.100.{guess}";
            await ProblemAsync(() => h.SecurityKeyService.RedeemAsync(SiteKey, Origin, WrongCode(issued.Key.Code, guess + 1), address, h.Signals, CancellationToken.None));
        }

        var problem = await ProblemAsync(() => h.SecurityKeyService.RedeemAsync(SiteKey, Origin, issued.Key.Code, Address, h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Gone, problem.Kind);
        Assert.Empty(h.Tokens.CustomerTokens);
    }

    [Fact]
    public async Task RedeemingFromAnOriginTheTenantDoesNotAllowIsForbidden()
    {
        var issued = await IssueAsync();

        var problem = await ProblemAsync(() => _h.SecurityKeyService.RedeemAsync(SiteKey, "https://evil.example", issued.Key.Code, Address, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Forbidden, problem.Kind);
        Assert.Null(Assert.Single(_h.Keys.All).RedeemedAt);
    }

    [Fact]
    public async Task RedeemingWithoutAnOriginIsForbidden()
    {
        var issued = await IssueAsync();

        var problem = await ProblemAsync(() => _h.SecurityKeyService.RedeemAsync(SiteKey, null, issued.Key.Code, Address, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.Forbidden, problem.Kind);
    }

    [Fact]
    public async Task RedeemingWithAnUnknownSiteKeyIsNotFound()
    {
        var issued = await IssueAsync();

        var problem = await ProblemAsync(() => _h.SecurityKeyService.RedeemAsync("site_unknown", Origin, issued.Key.Code, Address, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task RedeemingWithoutASiteKeyIsABadRequest(string? siteKey)
    {
        var problem = await ProblemAsync(() => _h.SecurityKeyService.RedeemAsync(siteKey, Origin, "123456", Address, _h.Signals, CancellationToken.None));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    public async Task RedeemingAMalformedKeyIsABadRequestCountedAsAnAttemptButNotAsAWrongGuess(string? typed)
    {
        await IssueAsync();

        var problem = await ProblemAsync(() => RedeemAsync(typed));

        Assert.Equal(ProblemKind.BadRequest, problem.Kind);
        var counted = Assert.Single(_h.Attempts.Counts);
        Assert.Contains(".addr.", counted.Key, StringComparison.Ordinal);
        Assert.Equal(TenantGuesses.None, _h.GuessLedger.Of(TenantId));
    }

    [Fact]
    public async Task ABusyTenantsCorrectRedemptionsNeitherLockItOutNorVoidItsKeys()
    {
        var issued = await IssueAsync();
        for (var i = 0; i < 300; i++)
        {
            var other = await _h.SecurityKeyService.IssueAsync(_h.Agent, $"call-{i}", null, _h.Signals, CancellationToken.None);
            await RedeemAsync(other.Key.Code, $"192.0.2.{i % 60}");
        }

        for (var guess = 0; guess < _h.Limits.MaxGuessesPerKey - 1; guess++)
        {
            await ProblemAsync(() => RedeemAsync(WrongCode(issued.Key.Code, guess + 1), $"198.51.100.{guess}"));
        }

        var joined = await RedeemAsync(issued.Key.Code);

        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
        Assert.Equal(_h.Limits.MaxGuessesPerKey - 1, _h.GuessLedger.Of(TenantId).InWindow);
        Assert.Equal(301, _h.GuessLedger.RedemptionsOf(TenantId).Count);
    }

    [Fact]
    public async Task EveryJudgedGuessThatStartsNoSessionKeepsItsPlaceInTheTenantsWindow()
    {
        var used = await IssueAsync();
        await RedeemAsync(used.Key.Code, OtherAddress);
        var expired = await _h.SecurityKeyService.IssueAsync(_h.Agent, "call-expiring", null, _h.Signals, CancellationToken.None);
        _h.Clock.Advance(_h.StartOptions.SecurityKeyLifetime);

        await ProblemAsync(() => RedeemAsync(used.Key.Code));
        await ProblemAsync(() => RedeemAsync(expired.Key.Code));
        await ProblemAsync(() => RedeemAsync(WrongCode(used.Key.Code)));

        Assert.Equal(new TenantGuesses(_h.Limits.WindowStart(_h.Now), 3, 4), _h.GuessLedger.Of(TenantId));
    }

    [Fact]
    public async Task AGuessOverTheTenantBoundIsRefusedWithoutANumberSoNoKeyCountsIt()
    {
        var issued = await IssueAsync();
        for (var guess = 0; guess < _h.Limits.MaxFailuresPerTenant; guess++)
        {
            await ProblemAsync(() => RedeemAsync(WrongCode(issued.Key.Code, guess + 1), $"198.51.100.{guess % 25}"));
        }

        var refused = await ProblemAsync(() => RedeemAsync(issued.Key.Code, "203.0.113.200"));

        Assert.Equal(ProblemKind.TooManyRequests, refused.Kind);
        Assert.Equal(TimeSpan.FromMinutes(7), refused.RetryAfter);
        Assert.Equal(_h.Limits.MaxFailuresPerTenant, _h.GuessLedger.Of(TenantId).Total);
        Assert.Null(Assert.Single(_h.Keys.All).RedeemedAt);
    }

    [Fact]
    public async Task AGuessThatCannotBeCountedIsRefusedAndNeverJudged()
    {
        var issued = await IssueAsync();
        var lookups = 0;
        _h.Keys.BeforeLookup = _ =>
        {
            lookups++;
            return Task.CompletedTask;
        };
        _h.GuessLedger.Unwritable = new AttemptNotCountedException("contended");

        var refused = await ProblemAsync(() => RedeemAsync(issued.Key.Code));

        Assert.Equal(ProblemKind.TooManyRequests, refused.Kind);
        Assert.Equal(0, lookups);
        Assert.Empty(_h.Tokens.CustomerTokens);
    }

    [Fact]
    public async Task AGuessWhoseCountFailsWithTheStoreIsNotJudgedEither()
    {
        var issued = await IssueAsync();
        var lookups = 0;
        _h.Keys.BeforeLookup = _ =>
        {
            lookups++;
            return Task.CompletedTask;
        };
        _h.GuessLedger.Unwritable = new TimeoutException("storage does not answer");

        await Assert.ThrowsAsync<TimeoutException>(() => RedeemAsync(issued.Key.Code));

        Assert.Equal(0, lookups);
        Assert.Null(Assert.Single(_h.Keys.All).RedeemedAt);
    }

    [Fact]
    public async Task ARedemptionWhoseBookkeepingFailsStillStartsTheSessionAndOnlyCountsAsWrong()
    {
        var issued = await IssueAsync();
        _h.GuessLedger.RedemptionsUnwritable = new TimeoutException("storage does not answer");

        var joined = await RedeemAsync(issued.Key.Code);

        Assert.Equal(SessionState.ViewOnly, joined.Session.State);
        Assert.Empty(_h.GuessLedger.RedemptionsOf(TenantId));
        Assert.Equal(0, _h.GuessLedger.Of(TenantId).InWindow);
    }

    [Fact]
    public async Task AKeyStoredBeforeGuessesWereNumberedCannotBeRedeemed()
    {
        var issued = await IssueAsync();
        var stored = _h.Keys.All.Single();
        await _h.Keys.TryReplaceAsync(stored with { TenantGuessesAtIssue = long.MaxValue }, (await _h.Keys.GetAsync(TenantId, stored.Code, CancellationToken.None))!.Version, CancellationToken.None);

        var problem = await ProblemAsync(() => RedeemAsync(issued.Key.Code));

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
        Assert.Null(Assert.Single(_h.Keys.All).RedeemedAt);
    }

    private Task<IssuedSecurityKey> IssueAsync() =>
        _h.SecurityKeyService.IssueAsync(_h.Agent, InteractionId, "contact-1", _h.Signals, CancellationToken.None);

    private Task<JoinedSession> RedeemAsync(string? typed, string address = Address) =>
        _h.SecurityKeyService.RedeemAsync(SiteKey, Origin, typed, address, _h.Signals, CancellationToken.None);

    private static string WrongCode(string code, int offset = 1) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + offset) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
}
