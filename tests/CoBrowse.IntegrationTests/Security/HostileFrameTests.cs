using System.Net.WebSockets;
using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Hostile frames on the relay's JSON subprotocol: oversized, not JSON, no or unknown type, binary, huge or blank
/// group names, bad ackIds. Each is answered with an error ack or a close carrying a reason, never by a crash, and
/// the session's other connections keep working throughout.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class HostileFrameTests(LocalStackFixture stack)
{
    private const int MaxClientFrameBytes = 1024 * 1024;
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    public static TheoryData<string> ClosingFrames => new()
    {
        "over MaxClientFrameBytes",
        "not JSON",
        "JSON but not an object",
        "no type",
        "unknown type",
        "binary",
        "huge group name",
        "blank group name",
        "negative ackId",
        "invalid UTF-8",
    };

    [Theory]
    [MemberData(nameof(ClosingFrames))]
    public async Task AHostileFrameClosesOnlyItsOwnConnectionWithAReasonAndTheSessionGoesOn(string kind)
    {
        var (sessionId, agentUrl, customerUrl) = await SessionAsync($"call-frame-{kind.Replace(' ', '-')}");
        await using var agent = await RawPubSubSocket.ConnectAsync(agentUrl);
        await using var hostile = await RawPubSubSocket.ConnectAsync(customerUrl);

        await SendHostileAsync(hostile, kind, sessionId);

        Assert.True(await hostile.WaitForCloseAsync(TimeSpan.FromSeconds(10)), $"{kind}: the relay kept the connection open; {hostile.Transcript()}");
        Assert.NotNull(hostile.CloseStatus);
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, hostile.CloseStatus);
        if (kind == "invalid UTF-8")
        {
            // The WebSocket layer itself refuses a text frame that is not UTF-8 (RFC 6455 §8.1), before the relay reads it.
            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, hostile.CloseStatus);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(hostile.CloseDescription), $"{kind}: closed without a reason ({hostile.CloseStatus})");
        }

        if (kind == "over MaxClientFrameBytes")
        {
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, hostile.CloseStatus);
        }
        else if (kind == "binary")
        {
            Assert.Equal(WebSocketCloseStatus.InvalidMessageType, hostile.CloseStatus);
        }

        // The relay is healthy for everyone else: a fresh customer connection reaches the agent that stayed.
        await using var customer = await RawPubSubSocket.ConnectAsync(customerUrl);
        var ack = await customer.SendToGroupAsync($"s.{sessionId}.view", new JsonObject { ["marker"] = "after-" + kind });
        Assert.True(ack["success"]!.GetValue<bool>(), ack.ToJsonString());
        await agent.WaitForAsync(f => f["type"]?.GetValue<string>() == "message" && f["data"]?["marker"]?.GetValue<string>() == "after-" + kind);
        (await _api.GetAsync("/api/v1/health")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OperationsOnMalformedGroupsOrFromTheWrongSideGetErrorAcksAndTheConnectionStays()
    {
        var (sessionId, agentUrl, customerUrl) = await SessionAsync("call-frame-acks");
        await using var agent = await RawPubSubSocket.ConnectAsync(agentUrl);
        await using var customer = await RawPubSubSocket.ConnectAsync(customerUrl);

        var refused = new[]
        {
            await customer.JoinAsync("*"),
            await customer.JoinAsync($"s.{sessionId}.*"),
            await customer.SendToGroupAsync($"s.{sessionId}.view ", new JsonObject { ["m"] = 1 }),
            await customer.SendToGroupAsync($"S.{sessionId.ToUpperInvariant()}.VIEW", new JsonObject { ["m"] = 1 }),
            await customer.SendToGroupAsync($"s.{sessionId}.ctl", new JsonObject { ["t"] = "navigate", ["url"] = "https://evil.test/" }),
            await customer.RequestAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = $"s.{sessionId}.view\u0000.ctl", ["dataType"] = "json", ["data"] = 1 }),
        };

        Assert.All(refused, ack => Assert.False(ack["success"]!.GetValue<bool>(), ack.ToJsonString()));
        var ok = await customer.SendToGroupAsync($"s.{sessionId}.view", new JsonObject { ["marker"] = "still-open" });
        Assert.True(ok["success"]!.GetValue<bool>());
        await agent.WaitForAsync(f => f["data"]?["marker"]?.GetValue<string>() == "still-open");
        Assert.DoesNotContain("navigate", agent.Transcript(), StringComparison.Ordinal);
    }

    private static async Task SendHostileAsync(RawPubSubSocket socket, string kind, string sessionId)
    {
        switch (kind)
        {
            case "over MaxClientFrameBytes":
                var big = "{\"type\":\"sendToGroup\",\"group\":\"s." + sessionId + ".view\",\"dataType\":\"text\",\"data\":\"" + new string('x', MaxClientFrameBytes + 10) + "\"}";
                await socket.SendTextAsync(big);
                break;
            case "not JSON":
                await socket.SendTextAsync("{\"type\":\"sendToGroup\",");
                break;
            case "JSON but not an object":
                await socket.SendTextAsync("[\"sendToGroup\"]");
                break;
            case "no type":
                await socket.SendTextAsync("{\"group\":\"s." + sessionId + ".view\",\"data\":1}");
                break;
            case "unknown type":
                await socket.SendTextAsync("{\"type\":\"invoke\",\"target\":\"admin\"}");
                break;
            case "binary":
                await socket.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"ping\"}"), WebSocketMessageType.Binary);
                break;
            case "huge group name":
                await socket.SendTextAsync("{\"type\":\"joinGroup\",\"group\":\"" + new string('g', 100_000) + "\",\"ackId\":1}");
                break;
            case "blank group name":
                await socket.SendTextAsync("{\"type\":\"joinGroup\",\"group\":\"   \",\"ackId\":1}");
                break;
            case "negative ackId":
                await socket.SendTextAsync("{\"type\":\"joinGroup\",\"group\":\"s." + sessionId + ".view\",\"ackId\":-1}");
                break;
            case "invalid UTF-8":
                await socket.SendBytesAsync([.. Encoding.ASCII.GetBytes("{\"type\":\"ping\",\"x\":\""), 0xC3, 0x28, 0xFF, .. Encoding.ASCII.GetBytes("\"}")], WebSocketMessageType.Text);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private async Task<(string SessionId, string AgentUrl, string CustomerUrl)> SessionAsync(string interaction)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interaction);
        var agentUrl = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", agent)).AssertStatus(HttpStatusCode.OK).Text("url");
        var customerUrl = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        return (sessionId, agentUrl, customerUrl);
    }
}
