using System.Security.Cryptography;
using System.Text;
using CoBrowse.Infrastructure.WebPubSub;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

public class UpstreamRequestValidatorTests
{
    private readonly UpstreamRequestValidator _validator = new([AccessKey, SecondaryKey], "contoso.webpubsub.azure.com");

    private static string Sign(string key, string connectionId) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(connectionId)));

    [Fact]
    public void ASignatureWithThePrimaryKeyIsValid() => Assert.True(_validator.IsSigned("conn-1", Sign(AccessKey, "conn-1")));

    [Fact]
    public void ASignatureWithTheSecondaryKeyIsValid() => Assert.True(_validator.IsSigned("conn-1", Sign(SecondaryKey, "conn-1")));

    [Fact]
    public void UppercaseHexIsValid() => Assert.True(_validator.IsSigned("conn-1", "sha256=" + Sign(AccessKey, "conn-1")[7..].ToUpperInvariant()));

    [Fact]
    public void AnyMatchingEntryOfSeveralIsEnough() =>
        Assert.True(_validator.IsSigned("conn-1", $"{Sign("some-other-key", "conn-1")},{Sign(SecondaryKey, "conn-1")}"));

    [Fact]
    public void ASignatureForAnotherConnectionIsForged() => Assert.False(_validator.IsSigned("conn-1", Sign(AccessKey, "conn-2")));

    [Fact]
    public void ASignatureWithAnUnknownKeyIsForged() => Assert.False(_validator.IsSigned("conn-1", Sign("guessed-key", "conn-1")));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("md5=00")]
    public void AMissingOrMalformedSignatureIsRejected(string? header) => Assert.False(_validator.IsSigned("conn-1", header));

    [Fact]
    public void WithoutKeysNothingIsAccepted()
    {
        var validator = new UpstreamRequestValidator([], null);

        Assert.False(validator.IsSigned("conn-1", Sign(AccessKey, "conn-1")));
    }

    [Fact]
    public void AbuseProtectionAllowsTheConfiguredServiceHost()
    {
        var answer = _validator.AnswerAbuseProtection("contoso.webpubsub.azure.com");

        Assert.Equal(new AbuseProtectionAnswer(200, "contoso.webpubsub.azure.com"), answer);
    }

    [Fact]
    public void AbuseProtectionMatchesAHostWithoutItsPort()
    {
        var validator = new UpstreamRequestValidator([AccessKey], "127.0.0.1:7071");

        Assert.Equal(new AbuseProtectionAnswer(200, "127.0.0.1"), validator.AnswerAbuseProtection("127.0.0.1"));
    }

    [Fact]
    public void AbuseProtectionFromAnotherHostIsAnsweredWithOurHostOnly()
    {
        Assert.Equal(new AbuseProtectionAnswer(200, "contoso.webpubsub.azure.com"), _validator.AnswerAbuseProtection("evil.example"));
    }

    [Fact]
    public void AbuseProtectionWithoutAConfiguredHostAllowsAnyOrigin()
    {
        Assert.Equal(new AbuseProtectionAnswer(200, "*"), new UpstreamRequestValidator([AccessKey], null).AnswerAbuseProtection("x.example"));
    }

    [Fact]
    public void AbuseProtectionWithoutARequestOriginIsABadRequest()
    {
        Assert.Equal(400, _validator.AnswerAbuseProtection(null).Status);
    }
}
