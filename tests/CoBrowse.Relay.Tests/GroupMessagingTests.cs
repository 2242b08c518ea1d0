using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace CoBrowse.Relay.Tests;

public sealed class GroupMessagingTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_connection_allowed_to_send_only_to_view_is_forbidden_to_send_to_ctl_and_ctl_members_receive_nothing()
    {
        await using var customer = await _relay.ConnectAsync("customer", groups: ["s.1.ctl"]);
        await using var agent = await _relay.ConnectAsync("agent", roles: ["webpubsub.sendToGroup.s.1.view"]);

        var ack = await agent.SendToGroupAsync("s.1.ctl", "click");

        Assert.False((bool)ack["success"]!);
        Assert.Equal("Forbidden", (string?)ack["error"]!["name"]);
        // The next frame the customer gets is a later server message, so the forbidden one never reached it.
        await _relay.RestAsync(HttpMethod.Post, "/groups/s.1.ctl/:send", RelayHost.Text("marker"));
        var next = await customer.NextAsync();
        Assert.Equal("marker", (string?)next["data"]);
        Assert.Equal("group", (string?)next["from"]);
    }

    [Fact]
    public async Task A_group_scoped_role_allows_sending_to_that_group_with_the_sender_as_fromUserId()
    {
        await using var agent = await _relay.ConnectAsync("agent", groups: ["s.1.view"]);
        await using var customer = await _relay.ConnectAsync("customer", roles: ["webpubsub.sendToGroup.s.1.view"]);

        var ack = await customer.SendToGroupAsync("s.1.view", "frame-1");
        var message = await agent.NextAsync();

        Assert.True((bool)ack["success"]!);
        Assert.Equal("message", (string?)message["type"]);
        Assert.Equal("s.1.view", (string?)message["group"]);
        Assert.Equal("customer", (string?)message["fromUserId"]);
        Assert.Equal("text", (string?)message["dataType"]);
        Assert.Equal("frame-1", (string?)message["data"]);
        Assert.False(message.ContainsKey("sequenceId"));
    }

    [Fact]
    public async Task Joining_needs_the_join_leave_permission_for_that_group()
    {
        await using var client = await _relay.ConnectAsync("agent", roles: ["webpubsub.joinLeaveGroup.s.1.view"]);

        var allowed = await client.JoinGroupAsync("s.1.view");
        var denied = await client.JoinGroupAsync("s.1.ctl");

        Assert.True((bool)allowed["success"]!);
        Assert.False((bool)denied["success"]!);
        Assert.Equal("Forbidden", (string?)denied["error"]!["name"]);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, "/groups/s.1.ctl")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, "/groups/s.1.view")).StatusCode);
    }

    [Fact]
    public async Task Plural_wildcard_roles_match_within_one_segment()
    {
        await using var client = await _relay.ConnectAsync("agent", roles: ["webpubsub.sendToGroups.s.*.view"]);

        Assert.True((bool)(await client.SendToGroupAsync("s.42.view", "x"))["success"]!);
        Assert.False((bool)(await client.SendToGroupAsync("s.42.ctl", "x"))["success"]!);
        Assert.False((bool)(await client.SendToGroupAsync("s.4.2.view", "x"))["success"]!);
    }

    [Fact]
    public async Task A_single_role_string_claim_is_accepted_like_an_array()
    {
        var url = _relay.ClientUrl(_relay.Token("agent", role: JsonValue.Create("webpubsub.sendToGroup")));
        await using var client = await TestClient.OpenAsync(url, ClientProtocols.Json);
        await client.ConnectedAsync();

        Assert.True((bool)(await client.SendToGroupAsync("any", "x"))["success"]!);
    }

    [Fact]
    public async Task NoEcho_keeps_the_message_from_its_sender_but_not_from_other_members()
    {
        await using var sender = await _relay.ConnectAsync("a", roles: ["webpubsub.sendToGroup"], groups: ["g"]);
        await using var other = await _relay.ConnectAsync("b", groups: ["g"]);

        await sender.SendToGroupAsync("g", "quiet", noEcho: true);
        await sender.SendToGroupAsync("g", "loud", noEcho: false);

        Assert.Equal("quiet", (string?)(await other.NextAsync())["data"]);
        Assert.Equal("loud", (string?)(await other.NextAsync())["data"]);
        Assert.Equal("loud", (string?)(await sender.NextOfTypeAsync("message"))["data"]);
    }

    [Fact]
    public async Task A_repeated_ackId_is_answered_with_Duplicate_and_not_sent_again()
    {
        await using var sender = await _relay.ConnectAsync("a", roles: ["webpubsub.sendToGroup"]);
        await using var receiver = await _relay.ConnectAsync("b", groups: ["g"]);
        var frame = new JsonObject { ["type"] = "sendToGroup", ["group"] = "g", ["ackId"] = 7, ["dataType"] = "json", ["data"] = new JsonObject { ["n"] = 1 } };

        await sender.SendAsync((JsonObject)frame.DeepClone());
        var first = await sender.AckAsync(7);
        await sender.SendAsync((JsonObject)frame.DeepClone());
        var second = await sender.AckAsync(7);
        await _relay.RestAsync(HttpMethod.Post, "/groups/g/:send", RelayHost.Text("marker"));

        Assert.True((bool)first["success"]!);
        Assert.Equal("Duplicate", (string?)second["error"]!["name"]);
        Assert.Equal(1, (int)(await receiver.NextAsync())["data"]!["n"]!);
        Assert.Equal("marker", (string?)(await receiver.NextAsync())["data"]);
    }

    [Fact]
    public async Task A_ping_is_answered_with_a_pong()
    {
        await using var client = await _relay.ConnectAsync();

        await client.SendAsync(new JsonObject { ["type"] = "ping" });

        Assert.Equal("pong", (string?)(await client.NextAsync())["type"]);
    }

    [Fact]
    public async Task An_invalid_frame_closes_the_socket_with_1007()
    {
        await using var client = await _relay.ConnectAsync();

        await client.SendAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = "g", ["dataType"] = "text", ["data"] = 5 });

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, await client.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_leave_group_stops_delivery()
    {
        await using var client = await _relay.ConnectAsync("a", roles: ["webpubsub.joinLeaveGroup"]);
        await client.JoinGroupAsync("g");
        var ackId = client.NextAckId();
        await client.SendAsync(new JsonObject { ["type"] = "leaveGroup", ["group"] = "g", ["ackId"] = ackId });
        Assert.True((bool)(await client.AckAsync(ackId))["success"]!);

        await _relay.RestAsync(HttpMethod.Post, "/groups/g/:send", RelayHost.Text("lost"));
        await _relay.RestAsync(HttpMethod.Post, $"/connections/{client.ConnectionId}/:send", RelayHost.Text("direct"));

        var next = await client.NextAsync();
        Assert.Equal("server", (string?)next["from"]);
        Assert.Equal("direct", (string?)next["data"]);
    }

    [Fact]
    public async Task A_binary_frame_closes_the_socket_with_1003()
    {
        await using var client = await _relay.ConnectAsync();

        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await client.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_frame_over_1_MiB_closes_the_socket_with_1009()
    {
        await using var client = await _relay.ConnectAsync("a", roles: ["webpubsub.sendToGroup"]);

        var ackId = client.NextAckId();
        await client.SendAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = "g", ["ackId"] = ackId, ["dataType"] = "text", ["data"] = new string('x', 1024 * 1024) });

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task The_hub_can_also_be_named_in_the_query_and_hub_names_ignore_case()
    {
        var url = new Uri($"ws://{_relay.Url.Authority}/client/?hub=CoBrowse&access_token={_relay.Token("alice")}");
        await using var client = await TestClient.OpenAsync(url, ClientProtocols.Json);

        Assert.Equal("alice", (string?)(await client.ConnectedAsync())["userId"]);
    }
}
