using System.Text;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Realtime;

/// <summary>
/// Read-only is enforced by the relay's permissions, not by any UI: the functions mint narrow tokens, the relay
/// refuses what they do not allow, and approval/revocation change the agent's permission at once.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RealtimeSecurityTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Fact]
    public async Task NegotiatedTokensCarryOnlyGroupScopedRolesForTheirOwnSide()
    {
        var (session, agent, customer) = await StartAsync("call-token-roles");

        var customerRoles = RolesIn(await NegotiateAsync(session, customer));
        var agentRoles = RolesIn(await NegotiateAsync(session, agent));

        Assert.Equal([$"webpubsub.sendToGroup.s.{session}.view"], customerRoles);
        Assert.Equal([$"webpubsub.sendToGroup.s.{session}.guide"], agentRoles);
    }

    [Fact]
    public async Task TheCustomerReachesTheAgentsOnViewButCannotSendToGuideOrCtl()
    {
        var (session, agent, customer) = await StartAsync("call-customer-send");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, customer));
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, agent));

        var view = await customerSocket.SendToGroupAsync($"s.{session}.view", new JsonObject { ["marker"] = "frame-1" });
        var received = await agentSocket.WaitForGroupMessageAsync($"s.{session}.view", f => f["data"]?["marker"]?.GetValue<string>() == "frame-1");
        var guide = await customerSocket.SendToGroupAsync($"s.{session}.guide", new JsonObject { ["marker"] = "forged-guide" });
        var ctl = await customerSocket.SendToGroupAsync($"s.{session}.ctl", new JsonObject { ["marker"] = "forged-ctl" });

        Assert.True(view["success"]!.GetValue<bool>());
        Assert.Equal($"c:{session.TenantId}:{session.Id}", received["fromUserId"]!.GetValue<string>());
        PubSubAssert.Forbidden(guide);
        PubSubAssert.Forbidden(ctl);
    }

    [Fact]
    public async Task AReadOnlyAgentGuidesButItsControlFramesAreRejectedByTheRelayAndReachNoOne()
    {
        var (session, agent, customer) = await StartAsync("call-read-only");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, customer));
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, agent));

        var guide = await agentSocket.SendToGroupAsync($"s.{session}.guide", new JsonObject { ["pointer"] = "10,20" });
        var ctl = await agentSocket.SendToGroupAsync($"s.{session}.ctl", new JsonObject { ["click"] = "#pay" });

        Assert.True(guide["success"]!.GetValue<bool>());
        await customerSocket.WaitForGroupMessageAsync($"s.{session}.guide");
        PubSubAssert.Forbidden(ctl);
        Assert.True(await customerSocket.StaysQuietAsync(f => f["group"]?.GetValue<string>() == $"s.{session}.ctl", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ApprovalGrantsControlAndTheRevokedAgentsVeryNextControlFrameIsRejected()
    {
        var (session, agent, customer) = await StartAsync("call-grant-revoke");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, customer));
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, agent));
        await WaitForPresenceAsync();
        (await _api.PostAsync($"/api/v1/sessions/{session.Id}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);

        (await _api.PostAsync($"/api/v1/sessions/{session.Id}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
        var allowed = await agentSocket.SendToGroupAsync($"s.{session}.ctl", new JsonObject { ["type"] = "input", ["value"] = "abc" });
        await customerSocket.WaitForGroupMessageAsync($"s.{session}.ctl", f => f["data"]?["value"]?.GetValue<string>() == "abc");
        (await _api.PostAsync($"/api/v1/sessions/{session.Id}/control/revoke", customer)).AssertStatus(HttpStatusCode.OK);
        var refused = await agentSocket.SendToGroupAsync($"s.{session}.ctl", new JsonObject { ["type"] = "input", ["value"] = "abcd" });

        Assert.True(allowed["success"]!.GetValue<bool>(), allowed.ToJsonString());
        PubSubAssert.Forbidden(refused);
        Assert.True(await customerSocket.StaysQuietAsync(f => f["data"]?["value"]?.GetValue<string>() == "abcd", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ATokenForOneSessionCannotJoinOrSendToAnotherSessionsGroups()
    {
        var (sessionA, agentA, _) = await StartAsync("call-session-a");
        var (sessionB, _, customerB) = await StartAsync("call-session-b");
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(sessionA, agentA));
        await using var customerBSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(sessionB, customerB));

        var join = await agentSocket.JoinGroupAsync($"s.{sessionB}.view");
        var send = await agentSocket.SendToGroupAsync($"s.{sessionB}.guide", new JsonObject { ["marker"] = "cross-session" });

        PubSubAssert.Forbidden(join);
        PubSubAssert.Forbidden(send);
        Assert.True(await customerBSocket.StaysQuietAsync(f => f["type"]?.GetValue<string>() == "message", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task AnEndedSessionCannotBeNegotiatedAndAnEarlierUrlIsRefusedAtConnect()
    {
        var (session, agent, customer) = await StartAsync("call-ended-connect");
        var earlierUrl = await NegotiateAsync(session, customer);

        (await _api.PostAsync($"/api/v1/sessions/{session.Id}/end", agent)).AssertStatus(HttpStatusCode.OK);
        var negotiate = await _api.PostAsync($"/api/v1/sessions/{session.Id}/realtime/negotiate", customer);
        var refusal = await PubSubTestClient.RefusalStatusAsync(earlierUrl);

        negotiate.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Unauthorized, refusal);
    }

    [Fact]
    public async Task EndingASessionClosesItsConnectionsWithAReasonTheClientsCanShow()
    {
        var (session, agent, customer) = await StartAsync("call-end-closes");
        await using var customerSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, customer));
        await using var agentSocket = await PubSubTestClient.ConnectAsync(await NegotiateAsync(session, agent));

        (await _api.PostAsync($"/api/v1/sessions/{session.Id}/end", customer)).AssertStatus(HttpStatusCode.OK);

        foreach (var socket in new[] { customerSocket, agentSocket })
        {
            var disconnected = await socket.WaitForAsync(f => f["type"]?.GetValue<string>() == "system" && f["event"]?.GetValue<string>() == "disconnected");
            Assert.Equal("session-ended:customerEnded", disconnected["message"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task AnUnsignedOrForgedUpstreamEventIsRejected(string? signature)
    {
        var (session, _, _) = await StartAsync("call-forged-upstream");
        var headers = new Dictionary<string, string>
        {
            ["x-functions-key"] = LocalStackFixture.FunctionKey,
            ["ce-specversion"] = "1.0",
            ["ce-awpsversion"] = "1.0",
            ["ce-type"] = "azure.webpubsub.user.activity",
            ["ce-eventName"] = "activity",
            ["ce-hub"] = "cobrowse",
            ["ce-connectionId"] = "forged-connection",
            ["ce-userId"] = $"c:{session.TenantId}:{session.Id}",
            ["WebHook-Request-Origin"] = "127.0.0.1",
        };
        if (signature is not null)
        {
            headers["ce-signature"] = signature;
        }

        var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/realtime/upstream", rawBody: "{}", headers: headers);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }


    /// <summary>The relay reports connections upstream asynchronously; give presence a moment before granting.</summary>
    private static Task WaitForPresenceAsync() => Task.Delay(TimeSpan.FromMilliseconds(500));

    private async Task<(SessionRef Session, string Agent, string Customer)> StartAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        return (new SessionRef(tenant.TenantId, sessionId), agent, customer);
    }

    private async Task<string> NegotiateAsync(SessionRef session, string token) =>
        (await _api.PostAsync($"/api/v1/sessions/{session.Id}/realtime/negotiate", token)).AssertStatus(HttpStatusCode.OK).Text("url");

    private static string[] RolesIn(string url)
    {
        var token = url[(url.IndexOf("access_token=", StringComparison.Ordinal) + "access_token=".Length)..];
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)))!;
        return claims["role"] switch
        {
            JsonArray roles => roles.Select(r => r!.GetValue<string>()).ToArray(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
    }

    private sealed record SessionRef(string TenantId, string Id)
    {
        public override string ToString() => Id;
    }
}
