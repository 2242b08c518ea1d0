using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Relay.Tests;

public sealed class UpstreamTests : RelayWithUpstream
{
    [Fact]
    public async Task The_connect_event_carries_the_cloud_event_headers_signed_with_each_access_key()
    {
        await using var client = await Relay.ConnectAsync("alice", roles: ["webpubsub.joinLeaveGroup"], reliable: true);

        var connect = await Upstream.NextAsync("connect");

        Assert.Equal("/upstream/cobrowse/connect", connect.Path);
        Assert.Equal("1.0", connect.Headers["ce-awpsversion"]);
        Assert.Equal("1.0", connect.Headers["ce-specversion"]);
        Assert.Equal("azure.webpubsub.sys.connect", connect.Headers["ce-type"]);
        Assert.Equal("cobrowse", connect.Headers["ce-hub"]);
        Assert.Equal("alice", connect.Headers["ce-userId"]);
        Assert.Equal(client.ConnectionId, connect.Headers["ce-connectionId"]);
        Assert.Equal($"/hubs/cobrowse/client/{client.ConnectionId}", connect.Headers["ce-source"]);
        Assert.Equal("127.0.0.1", connect.Headers["WebHook-Request-Origin"]);
        Assert.Equal(UpstreamClient.Signature(client.ConnectionId, [RelayHost.Key, RelayHost.SecondaryKey]), connect.Headers["ce-signature"]);
        Assert.StartsWith("sha256=", connect.Headers["ce-signature"], StringComparison.Ordinal);
        Assert.Contains(",sha256=", connect.Headers["ce-signature"], StringComparison.Ordinal);
        var body = JsonNode.Parse(connect.Body)!;
        Assert.Equal("alice", (string?)body["claims"]!["sub"]![0]);
        Assert.Equal("webpubsub.joinLeaveGroup", (string?)body["claims"]!["role"]![0]);
        Assert.Equal(ClientProtocols.ReliableJson, (string?)body["subprotocols"]![0]);
        Assert.Null(body["query"]!["access_token"]);
        Assert.True(Upstream.ValidationRequests >= 1);
    }

    [Fact]
    public async Task A_connect_rejection_is_returned_to_the_client_before_the_upgrade()
    {
        Upstream.Respond = (e, response) =>
        {
            response.StatusCode = e.EventName == "connect" ? 403 : 200;
            return Task.CompletedTask;
        };
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ClientProtocols.ReliableJson);
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Relay.ClientUrl(Relay.Token("alice")), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_connect_response_sets_the_user_roles_and_groups()
    {
        Upstream.Respond = async (e, response) =>
        {
            if (e.EventName == "connect")
            {
                response.ContentType = "application/json";
                await response.WriteAsync("""{"userId":"bob","roles":["webpubsub.sendToGroup.s.1.guide"],"groups":["s.1.view"]}""");
            }
        };
        await using var client = await Relay.ConnectAsync("alice", roles: ["webpubsub.sendToGroup.s.1.ctl"]);

        Assert.Equal(HttpStatusCode.OK, (await Relay.RestAsync(HttpMethod.Head, "/users/bob")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Relay.RestAsync(HttpMethod.Head, "/groups/s.1.view")).StatusCode);
        Assert.True((bool)(await client.SendToGroupAsync("s.1.guide", "x"))["success"]!);
        Assert.False((bool)(await client.SendToGroupAsync("s.1.ctl", "x"))["success"]!);
    }

    [Fact]
    public async Task Connected_and_disconnected_events_follow_the_connection_with_the_close_reason()
    {
        await using var client = await Relay.ConnectAsync("alice");
        var connected = await Upstream.NextAsync("connected");

        await Relay.RestAsync(HttpMethod.Delete, $"/connections/{client.ConnectionId}?reason=ended");
        var disconnected = await Upstream.NextAsync("disconnected");

        Assert.Equal("azure.webpubsub.sys.connected", connected.Headers["ce-type"]);
        Assert.Equal(ClientProtocols.Json, connected.Headers["ce-subprotocol"]);
        Assert.Equal("ended", (string?)JsonNode.Parse(disconnected.Body)!["reason"]);
        Assert.Equal(client.ConnectionId, disconnected.Headers["ce-connectionId"]);
    }

    [Fact]
    public async Task A_user_event_reply_arrives_as_a_server_message_before_the_ack()
    {
        Upstream.Respond = async (e, response) =>
        {
            if (e.EventName == "echo")
            {
                response.ContentType = "text/plain";
                await response.WriteAsync("reply:" + e.BodyText);
            }
        };
        await using var client = await Relay.ConnectAsync("alice");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "echo", ["ackId"] = 1, ["dataType"] = "text", ["data"] = "hi" });
        var reply = await client.NextAsync();
        var ack = await client.NextAsync();
        var recorded = await Upstream.NextAsync("echo");

        Assert.Equal("server", (string?)reply["from"]);
        Assert.Equal("reply:hi", (string?)reply["data"]);
        Assert.True((bool)ack["success"]!);
        Assert.Equal("azure.webpubsub.user.echo", recorded.Headers["ce-type"]);
        Assert.StartsWith("text/plain", recorded.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_user_event_is_an_InternalServerError_ack_and_the_connection_stays_open()
    {
        Upstream.Respond = (e, response) =>
        {
            response.StatusCode = e.EventName == "broken" ? 500 : 200;
            return Task.CompletedTask;
        };
        await using var client = await Relay.ConnectAsync("alice");

        await client.SendAsync(new JsonObject { ["type"] = "event", ["event"] = "broken", ["ackId"] = 1, ["dataType"] = "json", ["data"] = new JsonObject() });

        Assert.Equal("InternalServerError", (string?)(await client.AckAsync(1))["error"]!["name"]);
        await client.SendAsync(new JsonObject { ["type"] = "ping" });
        Assert.Equal("pong", (string?)(await client.NextAsync())["type"]);
    }
}
