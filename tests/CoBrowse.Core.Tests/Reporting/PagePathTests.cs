using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Tests.Reporting;

public sealed class PagePathTests
{
    [Theory]
    [InlineData("/checkout", "/checkout")]
    [InlineData("/search?q=alice@example.com", "/search")]
    [InlineData("/account#token=abc", "/account")]
    [InlineData("https://shop.example/cart?x=1#y", "/cart")]
    [InlineData("http://shop.example", "/")]
    [InlineData("  /trimmed  ", "/trimmed")]
    public void OnlyThePathIsKept(string input, string expected) => Assert.Equal(expected, PagePath.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("checkout")]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/x")]
    [InlineData("ftp://files.example/x")]
    [InlineData("/a\u0000b")]
    public void AnythingElseIsRefused(string? input) => Assert.Null(PagePath.Normalize(input));

    [Fact]
    public void LongPathsAreCut() => Assert.Equal(PagePath.MaxLength, PagePath.Normalize("/" + new string('a', 2000))!.Length);
}
