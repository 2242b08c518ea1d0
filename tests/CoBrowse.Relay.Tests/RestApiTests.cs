using System.Net;
using System.Net.WebSockets;

namespace CoBrowse.Relay.Tests;

public sealed class RestApiTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_granted_send_permission_lets_the_very_next_send_through_and_a_revoke_rejects_the_very_next_one()
    {
        await using var customer = await _relay.ConnectAsync("customer", groups: ["s.1.ctl"]);
        await using var agent = await _relay.ConnectAsync("agent", roles: ["webpubsub.sendToGroup.s.1.view"]);
        var permission = $"/permissions/sendToGroup/connections/{agent.ConnectionId}?targetName=s.1.ctl";

        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, permission)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Put, permission)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, permission)).StatusCode);
        var granted = await agent.SendToGroupAsync("s.1.ctl", "click-1");
        Assert.Equal(HttpStatusCode.NoContent, (await _relay.RestAsync(HttpMethod.Delete, permission)).StatusCode);
        var revoked = await agent.SendToGroupAsync("s.1.ctl", "click-2");

        Assert.True((bool)granted["success"]!);
        Assert.Equal("Forbidden", (string?)revoked["error"]!["name"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, permission)).StatusCode);
        Assert.Equal("click-1", (string?)(await customer.NextAsync())["data"]);
        await _relay.RestAsync(HttpMethod.Post, "/groups/s.1.ctl/:send", RelayHost.Text("marker"));
        Assert.Equal("marker", (string?)(await customer.NextAsync())["data"]);
    }

    [Fact]
    public async Task An_unscoped_grant_covers_every_group_and_its_check_has_no_target()
    {
        await using var agent = await _relay.ConnectAsync("agent");
        var permission = $"/permissions/joinLeaveGroup/connections/{agent.ConnectionId}";

        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Put, permission)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, permission)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, permission + "?targetName=any")).StatusCode);
        Assert.True((bool)(await agent.JoinGroupAsync("any"))["success"]!);
    }

    [Fact]
    public async Task Closing_a_connection_sends_disconnected_with_the_reason_then_closes_it()
    {
        await using var client = await _relay.ConnectAsync("alice", reliable: true);

        var response = await _relay.RestAsync(HttpMethod.Delete, $"/connections/{client.ConnectionId}?reason=session%20ended");
        var disconnected = await client.NextAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("system", (string?)disconnected["type"]);
        Assert.Equal("disconnected", (string?)disconnected["event"]);
        Assert.Equal("session ended", (string?)disconnected["message"]);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await client.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{client.ConnectionId}")).StatusCode);
    }

    [Fact]
    public async Task Closing_a_groups_connections_closes_only_its_members()
    {
        await using var member = await _relay.ConnectAsync("a", groups: ["s.1.view"]);
        await using var other = await _relay.ConnectAsync("b", groups: ["s.2.view"]);

        var response = await _relay.RestAsync(HttpMethod.Post, "/groups/s.1.view/:closeConnections?reason=ended");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("ended", (string?)(await member.NextAsync())["message"]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await member.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{other.ConnectionId}")).StatusCode);
    }

    [Fact]
    public async Task Sends_reach_all_a_user_a_connection_or_a_group_and_answer_202()
    {
        await using var alice = await _relay.ConnectAsync("alice", groups: ["g"]);
        await using var bob = await _relay.ConnectAsync("bob");

        Assert.Equal(HttpStatusCode.Accepted, (await _relay.RestAsync(HttpMethod.Post, "/:send", RelayHost.Json("""{"k":"all"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _relay.RestAsync(HttpMethod.Post, "/users/bob/:send", RelayHost.Text("to-bob"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _relay.RestAsync(HttpMethod.Post, $"/connections/{alice.ConnectionId}/:send",
            new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("application/octet-stream") } })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _relay.RestAsync(HttpMethod.Post, "/groups/g/:send?excluded=nobody", RelayHost.Text("to-g"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _relay.RestAsync(HttpMethod.Post, "/connections/unknown/:send", RelayHost.Text("dropped"))).StatusCode);

        var all = await alice.NextAsync();
        Assert.Equal("server", (string?)all["from"]);
        Assert.Equal("json", (string?)all["dataType"]);
        Assert.Equal("all", (string?)all["data"]!["k"]);
        var binary = await alice.NextAsync();
        Assert.Equal("binary", (string?)binary["dataType"]);
        Assert.Equal("AQID", (string?)binary["data"]);
        var group = await alice.NextAsync();
        Assert.Equal("g", (string?)group["group"]);
        Assert.Null((string?)group["fromUserId"]);
        Assert.Equal("all", (string?)(await bob.NextAsync())["data"]!["k"]);
        Assert.Equal("to-bob", (string?)(await bob.NextAsync())["data"]);
    }

    [Fact]
    public async Task Group_membership_operations_answer_the_codes_the_sdk_expects()
    {
        await using var client = await _relay.ConnectAsync("alice");
        var membership = $"/groups/g/connections/{client.ConnectionId}";

        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Put, membership)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, "/groups/g")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _relay.RestAsync(HttpMethod.Delete, membership)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, "/groups/g")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Put, "/groups/g/connections/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _relay.RestAsync(HttpMethod.Delete, "/groups/g/connections/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Put, "/users/alice/groups/h")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Put, "/users/nobody/groups/h")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, "/users/alice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, "/users/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _relay.RestAsync(HttpMethod.Delete, "/users/alice/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, "/groups/h")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{client.ConnectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, "/connections/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _relay.RestAsync(HttpMethod.Delete, "/connections/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Put, "/permissions/sendToGroup/connections/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _relay.RestAsync(HttpMethod.Delete, "/permissions/sendToGroup/connections/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _relay.RestAsync(HttpMethod.Put, $"/permissions/admin/connections/{client.ConnectionId}")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_bearer_token_are_401_and_other_mistakes_are_400_or_404()
    {
        using var anonymous = await _relay.Http.PostAsync("/api/hubs/cobrowse/:send?api-version=2024-12-01", RelayHost.Text("x"));
        var wrongKey = await _relay.RestAsync(HttpMethod.Post, "/:send", RelayHost.Text("x"), key: "not-the-access-key");
        var secondary = await _relay.RestAsync(HttpMethod.Post, "/:send", RelayHost.Text("x"), key: RelayHost.SecondaryKey);
        var badType = await _relay.RestAsync(HttpMethod.Post, "/:send", new StringContent("<x/>", System.Text.Encoding.UTF8, "application/xml"));
        var badJson = await _relay.RestAsync(HttpMethod.Post, "/:send", RelayHost.Json("{"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, secondary.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("\"code\"", await wrongKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_200_to_head()
    {
        using var response = await _relay.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/health?api-version=2024-12-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
