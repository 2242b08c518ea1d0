using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Security;

public class SecurityKeyTests
{
    private static readonly DateTimeOffset IssuedAt = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly SecurityKey Key = new()
    {
        TenantId = "acme",
        Code = "123456",
        SessionId = "s-1",
        InteractionId = "interaction-1",
        IssuedBy = "agent-1",
        IssuedAt = IssuedAt,
        ExpiresAt = IssuedAt.AddMinutes(5),
        TenantGuessesAtIssue = 10,
    };

    [Fact]
    public void NewCodeIsAlwaysSixAsciiDigits()
    {
        var codes = Enumerable.Range(0, 2_000).Select(_ => SecurityKey.NewCode()).ToList();

        Assert.All(codes, code =>
        {
            Assert.Equal(SecurityKey.Digits, code.Length);
            Assert.True(code.All(char.IsAsciiDigit), $"'{code}' has a character that is not an ASCII digit.");
        });
    }

    [Fact]
    public void NewCodesAreRandom()
    {
        var codes = Enumerable.Range(0, 1_000).Select(_ => SecurityKey.NewCode()).ToList();

        var distinct = codes.Distinct(StringComparer.Ordinal).Count();

        Assert.True(distinct > 950, $"Only {distinct} distinct codes in 1000.");
    }

    [Fact]
    public void NewCodesRoundTripThroughNormalization()
    {
        var code = SecurityKey.NewCode();

        var accepted = SecurityKey.TryNormalize(code, out var normalized);

        Assert.True(accepted);
        Assert.Equal(code, normalized);
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("123.456", "123456")]
    [InlineData("12 34 56", "123456")]
    [InlineData("  123456 ", "123456")]
    [InlineData("000042", "000042")]
    public void TryNormalizeAcceptsWhatPeopleType(string typed, string expected)
    {
        var accepted = SecurityKey.TryNormalize(typed, out var code);

        Assert.True(accepted);
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("123 45")]
    [InlineData("12345a")]
    [InlineData("abcdef")]
    [InlineData("123_456")]
    [InlineData("123/456")]
    [InlineData("１２３４５６")]
    [InlineData("١٢٣٤٥٦")]
    public void TryNormalizeRejectsAnythingButSixDigits(string? typed)
    {
        var accepted = SecurityKey.TryNormalize(typed, out _);

        Assert.False(accepted);
    }

    [Fact]
    public void AFreshKeyIsRedeemable()
    {
        var now = IssuedAt.AddMinutes(4).AddSeconds(59);

        var check = Key.CheckRedeemable(now, FirstGuessAfterIssue, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.Redeemable, check);
    }

    [Fact]
    public void ARedeemedKeyIsAlreadyUsed()
    {
        var used = Key with { RedeemedAt = IssuedAt.AddMinutes(1) };

        var check = used.CheckRedeemable(IssuedAt.AddMinutes(2), FirstGuessAfterIssue, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.AlreadyUsed, check);
    }

    [Fact]
    public void ARedeemedKeyStaysAlreadyUsedAfterItsExpiry()
    {
        var used = Key with { RedeemedAt = IssuedAt.AddMinutes(1) };

        var check = used.CheckRedeemable(Key.ExpiresAt.AddHours(1), FirstGuessAfterIssue, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.AlreadyUsed, check);
    }

    [Fact]
    public void AKeyIsExpiredExactlyAtExpiresAt()
    {
        var now = Key.ExpiresAt;

        var check = Key.CheckRedeemable(now, FirstGuessAfterIssue, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.Expired, check);
    }

    [Fact]
    public void AKeyIsStillRedeemableOneTickBeforeExpiresAt()
    {
        var now = Key.ExpiresAt.AddTicks(-1);

        var check = Key.CheckRedeemable(now, FirstGuessAfterIssue, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.Redeemable, check);
    }

    [Fact]
    public void AKeySurvivesOneFewerGuessesThanItsBudget()
    {
        var guess = GuessAfter(AttemptLimits.Default.MaxGuessesPerKey - 1);

        var check = Key.CheckRedeemable(IssuedAt.AddMinutes(1), guess, 0, AttemptLimits.Default);

        Assert.Equal(1, AttemptLimits.Default.MaxGuessesPerKey - Key.GuessesSurvived(guess, 0));
        Assert.Equal(KeyRedeemability.Redeemable, check);
    }

    [Fact]
    public void AKeyIsExhaustedOnceItsBudgetOfGuessesCameAfterItsIssue()
    {
        var guess = GuessAfter(AttemptLimits.Default.MaxGuessesPerKey);

        var check = Key.CheckRedeemable(IssuedAt.AddMinutes(1), guess, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.Exhausted, check);
    }

    [Fact]
    public void GuessesBeforeTheKeyWasIssuedDoNotCountAgainstIt()
    {
        var oldKey = Key with { TenantGuessesAtIssue = 1_000 };

        var check = oldKey.CheckRedeemable(IssuedAt.AddMinutes(1), 1_000 + AttemptLimits.Default.MaxGuessesPerKey, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.Redeemable, check);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    public void AGuessNumberedBeforeTheKeyWasIssuedCannotRedeemIt(long guess)
    {
        var check = Key.CheckRedeemable(IssuedAt.AddMinutes(1), guess, 0, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.NotIssuedYet, check);
    }

    [Fact]
    public void GuessesThatRedeemedOtherKeysAreNotCountedAgainstIt()
    {
        // A busy tenant: 300 customers redeemed their keys meanwhile, and 49 wrong guesses came in.
        var guess = GuessAfter(300 + 49);

        var strict = Key.CheckRedeemable(IssuedAt.AddMinutes(1), guess, 0, AttemptLimits.Default);
        var known = Key.CheckRedeemable(IssuedAt.AddMinutes(1), guess, 300, AttemptLimits.Default);
        var oneMoreWrong = Key.CheckRedeemable(IssuedAt.AddMinutes(1), guess + 1, 300, AttemptLimits.Default);

        Assert.Equal(KeyRedeemability.Exhausted, strict);
        Assert.Equal(KeyRedeemability.Redeemable, known);
        Assert.Equal(KeyRedeemability.Exhausted, oneMoreWrong);
    }

    [Fact]
    public void TheGuessLimitComesFromTheLimitsGiven()
    {
        var strict = new AttemptLimits { MaxGuessesPerKey = 3 };

        var check = Key.CheckRedeemable(IssuedAt.AddMinutes(1), GuessAfter(3), 0, strict);

        Assert.Equal(KeyRedeemability.Exhausted, check);
    }

    private static long FirstGuessAfterIssue => GuessAfter(0);

    /// <summary>The number of a guess that comes after <paramref name="others"/> guesses since the key's issue.</summary>
    private static long GuessAfter(int others) => Key.TenantGuessesAtIssue + others + 1;
}
