using System.Diagnostics;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>The calls fault tests repeat: realtime connections, session actions, waits with a bound.</summary>
public static class FaultCalls
{
    public static string Path(string sessionId, string action) => $"/api/v1/sessions/{sessionId}/{action}";

    public static async Task<string> NegotiateAsync(CoBrowseApi api, string sessionId, string token) =>
        (await api.PostAsync(Path(sessionId, "realtime/negotiate"), token)).AssertStatus(HttpStatusCode.OK).Text("url");

    public static async Task<PubSubTestClient> ConnectAsync(CoBrowseApi api, string sessionId, string token) =>
        await PubSubTestClient.ConnectAsync(await NegotiateAsync(api, sessionId, token));

    /// <summary>A frame sent on one side of the session arrives on the other (the relay alone carries it).</summary>
    public static async Task AssertFrameFlowsAsync(PubSubTestClient from, PubSubTestClient to, string group, string marker)
    {
        var ack = await from.SendToGroupAsync(group, new JsonObject { ["marker"] = marker });
        Assert.True(ack["success"]!.GetValue<bool>(), ack.ToJsonString());
        await to.WaitForGroupMessageAsync(group, f => f["data"]?["marker"]?.GetValue<string>() == marker);
    }

    /// <summary>The service's state frame for this session with the given change (e.g. controlApproved, ended).</summary>
    public static Task<JsonNode> WaitForStateFrameAsync(PubSubTestClient socket, string sessionId, string change, TimeSpan? timeout = null) =>
        socket.WaitForGroupMessageAsync(
            $"s.{sessionId}.state",
            f => f["fromUserId"] is null && f["data"]?["change"]?.GetValue<string>() == change,
            timeout ?? TimeSpan.FromSeconds(15));

    /// <summary>The relay's <c>disconnected</c> system frame, which carries the close reason clients show.</summary>
    public static Task<JsonNode> WaitForDisconnectedAsync(PubSubTestClient socket, TimeSpan? timeout = null) =>
        socket.WaitForAsync(f => f["type"]?.GetValue<string>() == "system" && f["event"]?.GetValue<string>() == "disconnected", timeout ?? TimeSpan.FromSeconds(15));

    public static async Task<(ApiResponse Response, TimeSpan Took)> TimedAsync(Func<Task<ApiResponse>> call)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        return (response, watch.Elapsed);
    }

    /// <summary>Polls <c>GET /health</c> until it answers 200 (storage reachable again).</summary>
    public static async Task WaitUntilHealthyAsync(CoBrowseApi api, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ApiResponse health;
        do
        {
            health = await api.GetAsync("/api/v1/health");
            if (health.Status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"The stack did not become healthy within {timeout}: {(int)health.Status} {health.Body?.ToJsonString()}");
    }

    /// <summary>Polls the interaction's timeline until <paramref name="match"/> finds at least <paramref name="count"/> events.</summary>
    public static async Task<List<JsonNode>> WaitForTimelineAsync(CoBrowseApi api, string token, string interactionId, Func<JsonNode, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<JsonNode> found;
        do
        {
            found = (await api.TimelineAsync(token, interactionId)).Select(e => e!).Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Expected {count} matching timeline events of {interactionId} within {timeout}, found {found.Count}.");
    }

    public static bool Is(JsonNode timelineEvent, string type, string? sessionId = null) =>
        timelineEvent["type"]?.GetValue<string>() == type && (sessionId is null || timelineEvent["sessionId"]?.GetValue<string>() == sessionId);
}
