using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Security;

public class SecretHasherTests
{
    [Fact]
    public void HashIsLowerCaseHexSha256OfTheUtf8Secret()
    {
        var hash = SecretHasher.Hash("abc");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
    }

    [Fact]
    public void HashingTheSameSecretTwiceGivesTheSameHash()
    {
        var secret = SecretHasher.NewSecret();

        var first = SecretHasher.Hash(secret);
        var second = SecretHasher.Hash(secret);

        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSecretsHaveDifferentHashes()
    {
        var first = SecretHasher.Hash("secret-one");

        var second = SecretHasher.Hash("secret-two");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TheRightSecretMatchesItsHash()
    {
        var secret = SecretHasher.NewSecret();
        var hash = SecretHasher.Hash(secret);

        var matches = SecretHasher.Matches(secret, hash);

        Assert.True(matches);
    }

    [Fact]
    public void AWrongSecretDoesNotMatch()
    {
        var hash = SecretHasher.Hash(SecretHasher.NewSecret());

        var matches = SecretHasher.Matches(SecretHasher.NewSecret(), hash);

        Assert.False(matches);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-hash")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00")]
    public void AStoredValueThatIsNotTheHashNeverMatches(string stored)
    {
        var matches = SecretHasher.Matches("abc", stored);

        Assert.False(matches);
    }

    [Fact]
    public void NewSecretsAreUrlSafeUnpaddedAndUnique()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => SecretHasher.NewSecret()).ToList();

        Assert.All(secrets, secret =>
        {
            Assert.Equal(43, secret.Length);
            Assert.True(secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), secret);
        });
        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(9, 12)]
    [InlineData(12, 16)]
    [InlineData(16, 22)]
    public void NewIdLengthFollowsItsByteCount(int bytes, int expectedLength)
    {
        var id = SecretHasher.NewId(bytes);

        Assert.Equal(expectedLength, id.Length);
        Assert.DoesNotContain('.', id);
    }
}
