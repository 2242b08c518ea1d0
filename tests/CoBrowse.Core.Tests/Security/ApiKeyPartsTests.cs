using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Security;

public class ApiKeyPartsTests
{
    [Fact]
    public void AKeyIsWrittenAsPrefixTenantKeyIdAndSecret()
    {
        var key = new ApiKeyParts("acme", "k1", "s3cret");

        var text = key.ToString();

        Assert.Equal("cbk.acme.k1.s3cret", text);
    }

    [Fact]
    public void AKeyRoundTripsThroughItsText()
    {
        var key = new ApiKeyParts("acme-corp", SecretHasher.NewId(9), SecretHasher.NewSecret());

        var parsed = ApiKeyParts.TryParse(key.ToString(), out var roundTripped);

        Assert.True(parsed);
        Assert.Equal(key, roundTripped);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cbk")]
    [InlineData("cbk.acme.k1")]
    [InlineData("cbk.acme.k1.secret.extra")]
    [InlineData("xyz.acme.k1.secret")]
    [InlineData("CBK.acme.k1.secret")]
    [InlineData(".acme.k1.secret")]
    [InlineData("cbk..k1.secret")]
    [InlineData("cbk.acme..secret")]
    [InlineData("cbk.acme.k1.")]
    [InlineData("cbk.acme. .secret")]
    [InlineData("Bearer cbk.acme.k1.secret")]
    public void MalformedKeysAreRejected(string? text)
    {
        var parsed = ApiKeyParts.TryParse(text, out _);

        Assert.False(parsed);
    }
}
