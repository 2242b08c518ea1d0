using System.Text;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

/// <summary>
/// Upstream JSON that names a property twice (two claim sets, two roles): which one counts would depend on the
/// parser, so the event is malformed (answered 400) and no handler sees it.
/// </summary>
public class UpstreamDuplicatePropertyTests
{
    private static HeaderDictionary Headers(string type, string eventName) => new()
    {
        ["ce-type"] = type,
        ["ce-hub"] = "cobrowse",
        ["ce-connectionId"] = "conn-1",
        ["ce-eventName"] = eventName,
        ["ce-userId"] = "c:acme:s1",
        [RealtimeConnectionState.Header] = RealtimeConnectionState.Encode(RealtimeParticipant.Customer("acme", "s1")),
    };

    [Theory]
    [InlineData("""{"claims":{"sub":["c:acme:s1"]},"claims":{"sub":["a:acme:mallory"]}}""", "claims")]
    [InlineData("""{"claims":{"cb.role":["customer"],"cb.role":["agent"]}}""", "cb.role")]
    [InlineData("""{"claims":{},"query":{"x":["1"],"x":["2"]}}""", "x")]
    public void AConnectBodyThatNamesAPropertyTwiceIsMalformed(string body, string property)
    {
        var error = Assert.Throws<UpstreamEventFormatException>(() =>
            UpstreamEventParser.Parse(Headers("azure.webpubsub.sys.connect", "connect"), "application/json", Encoding.UTF8.GetBytes(body)));

        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonUserEventThatNamesAPropertyTwiceIsMalformed()
    {
        Assert.Throws<UpstreamEventFormatException>(() =>
            UpstreamEventParser.Parse(Headers("azure.webpubsub.user.navigated", "navigated"), "application/json", """{"path":"/a","path":"/b"}"""u8.ToArray()));
    }
}
