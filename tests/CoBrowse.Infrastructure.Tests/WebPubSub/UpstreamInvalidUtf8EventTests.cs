using System.Text;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

/// <summary>
/// Bytes that are not UTF-8 in a signed upstream request: in any body that is text (connect, connected,
/// disconnected, text and JSON user events) or in the connection state. The parser refuses each as malformed
/// (answered 400), so no handler ever sees it; binary user events stay opaque bytes.
/// </summary>
public class UpstreamInvalidUtf8EventTests
{
    private static readonly byte[] NotUtf8 = [0xC3, 0x28, 0xFF];

    private static HeaderDictionary Headers(string type, string eventName, string? state = null) => new()
    {
        ["ce-type"] = type,
        ["ce-hub"] = "cobrowse",
        ["ce-connectionId"] = "conn-1",
        ["ce-eventName"] = eventName,
        ["ce-userId"] = "c:acme:s1",
        [RealtimeConnectionState.Header] = state ?? RealtimeConnectionState.Encode(RealtimeParticipant.Customer("acme", "s1")),
    };

    private static byte[] Around(string before, string after) => [.. Encoding.UTF8.GetBytes(before), .. NotUtf8, .. Encoding.UTF8.GetBytes(after)];

    public static TheoryData<string, string, string, string?, byte[]> InvalidUtf8 => new()
    {
        { "connect: a claim value", "azure.webpubsub.sys.connect", "connect", "application/json", Around("{\"claims\":{\"sub\":[\"", "\"]}}") },
        { "connect: a claim name", "azure.webpubsub.sys.connect", "connect", "application/json", Around("{\"claims\":{\"", "\":[\"x\"]}}") },
        { "connect: a query value", "azure.webpubsub.sys.connect", "connect", "application/json", Around("{\"claims\":{},\"query\":{\"q\":\"", "\"}}") },
        { "connect: a header name", "azure.webpubsub.sys.connect", "connect", "application/json", Around("{\"claims\":{},\"headers\":{\"", "\":[\"x\"]}}") },
        { "connect: a subprotocol", "azure.webpubsub.sys.connect", "connect", "application/json", Around("{\"claims\":{},\"subprotocols\":[\"", "\"]}") },
        { "connect: a property nobody reads", "azure.webpubsub.sys.connect", "connect", "application/json", Around("{\"claims\":{},\"other\":\"", "\"}") },
        { "connected: the body", "azure.webpubsub.sys.connected", "connected", "application/json", Around("{\"x\":\"", "\"}") },
        { "disconnected: the reason", "azure.webpubsub.sys.disconnected", "disconnected", "application/json", Around("{\"reason\":\"", "\"}") },
        { "user event: text", "azure.webpubsub.user.activity", "activity", "text/plain; charset=utf-8", Around("pointer ", string.Empty) },
        { "user event: JSON", "azure.webpubsub.user.navigated", "navigated", "application/json", Around("{\"path\":\"/", "\"}") },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void BytesThatAreNotUtf8InATextBodyMakeTheEventMalformed(string where, string type, string eventName, string? contentType, byte[] body)
    {
        var error = Assert.Throws<UpstreamEventFormatException>(() => UpstreamEventParser.Parse(Headers(type, eventName), contentType, body));

        Assert.True(error.Message.Contains("UTF-8", StringComparison.Ordinal), $"{where}: {error.Message}");
    }

    [Fact]
    public void AConnectionStateThatIsNotUtf8MakesTheEventMalformed()
    {
        var state = Convert.ToBase64String([.. "{\"tid\":\"acme\",\"sid\":\"s1\",\"role\":\"customer\",\"aid\":\""u8, .. NotUtf8, .. "\"}"u8]);

        var error = Assert.Throws<UpstreamEventFormatException>(() =>
            UpstreamEventParser.Parse(Headers("azure.webpubsub.sys.connected", "connected", state), "application/json", "{}"u8.ToArray()));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABinaryUserEventMayCarryAnyBytes()
    {
        var e = UpstreamEventParser.Parse(Headers("azure.webpubsub.user.activity", "activity"), "application/octet-stream", NotUtf8);

        Assert.Equal(UserEventDataType.Binary, Assert.IsType<UserEvent>(e).DataType);
    }
}
