using CoBrowse.Infrastructure.WebPubSub;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Realtime;

/// <summary>Our C# Web PubSub REST client, as the functions use it, against the local stack's relay and a real socket.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class RestClientAgainstRelayTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private WebPubSubRestClient Rest => stack.Stack.Services.GetRequiredService<WebPubSubRestClient>();

    [Fact]
    public async Task SendsToAConnectionAUserAndAGroupReachTheClient()
    {
        var (session, socket) = await ConnectCustomerAsync("call-rest-send");
        var connectionId = socket.Connected["connectionId"]!.GetValue<string>();

        await Rest.SendToConnectionAsync(connectionId, WebPubSubMessage.Json("""{"to":"connection"}"""), CancellationToken.None);
        await Rest.SendToUserAsync(socket.Connected["userId"]!.GetValue<string>(), WebPubSubMessage.Text("to-user"), CancellationToken.None);
        await Rest.SendToGroupAsync($"s.{session}.guide", WebPubSubMessage.Json("""{"to":"group"}"""), CancellationToken.None);

        await socket.WaitForAsync(f => f["from"]?.GetValue<string>() == "server" && f["data"]?["to"]?.GetValue<string>() == "connection");
        await socket.WaitForAsync(f => f["from"]?.GetValue<string>() == "server" && f["dataType"]?.GetValue<string>() == "text" && f["data"]?.GetValue<string>() == "to-user");
        await socket.WaitForGroupMessageAsync($"s.{session}.guide", f => f["data"]?["to"]?.GetValue<string>() == "group");
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task GroupMembershipAndPermissionsChangeAtOnce()
    {
        var (session, socket) = await ConnectCustomerAsync("call-rest-groups");
        var connectionId = socket.Connected["connectionId"]!.GetValue<string>();
        var extra = $"s.{session}.extra";

        await Rest.AddConnectionToGroupAsync(extra, connectionId, CancellationToken.None);
        await Rest.SendToGroupAsync(extra, WebPubSubMessage.Json("""{"n":1}"""), CancellationToken.None);
        await socket.WaitForGroupMessageAsync(extra, f => f["data"]?["n"]?.GetValue<int>() == 1);
        await Rest.RemoveConnectionFromGroupAsync(extra, connectionId, CancellationToken.None);
        await Rest.SendToGroupAsync(extra, WebPubSubMessage.Json("""{"n":2}"""), CancellationToken.None);
        Assert.True(await socket.StaysQuietAsync(f => f["data"]?["n"]?.GetValue<int>() == 2, TimeSpan.FromSeconds(1)));

        Assert.False(await Rest.CheckPermissionAsync(connectionId, WebPubSubPermission.SendToGroup, extra, CancellationToken.None));
        PubSubAssert.Forbidden(await socket.SendToGroupAsync(extra, new JsonObject()));
        await Rest.GrantPermissionAsync(connectionId, WebPubSubPermission.SendToGroup, extra, CancellationToken.None);
        Assert.True(await Rest.CheckPermissionAsync(connectionId, WebPubSubPermission.SendToGroup, extra, CancellationToken.None));
        Assert.True((await socket.SendToGroupAsync(extra, new JsonObject()))["success"]!.GetValue<bool>());
        await Rest.RevokePermissionAsync(connectionId, WebPubSubPermission.SendToGroup, extra, CancellationToken.None);
        Assert.False(await Rest.CheckPermissionAsync(connectionId, WebPubSubPermission.SendToGroup, extra, CancellationToken.None));
        PubSubAssert.Forbidden(await socket.SendToGroupAsync(extra, new JsonObject()));
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task ClosingAConnectionTellsTheClientWhyAndItNoLongerExists()
    {
        var (_, socket) = await ConnectCustomerAsync("call-rest-close");
        var connectionId = socket.Connected["connectionId"]!.GetValue<string>();
        Assert.True(await Rest.ConnectionExistsAsync(connectionId, CancellationToken.None));

        await Rest.CloseConnectionAsync(connectionId, "closed-by-test", CancellationToken.None);

        var disconnected = await socket.WaitForAsync(f => f["event"]?.GetValue<string>() == "disconnected");
        Assert.Equal("closed-by-test", disconnected["message"]!.GetValue<string>());
        Assert.False(await Rest.ConnectionExistsAsync(connectionId, CancellationToken.None));
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task AddingAnUnknownConnectionToAGroupIsAClearError()
    {
        var error = await Assert.ThrowsAsync<WebPubSubRequestException>(
            () => Rest.AddConnectionToGroupAsync("s.none.view", "no-such-connection", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
    }


    private async Task<(string Session, PubSubTestClient Socket)> ConnectCustomerAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        return (sessionId, await PubSubTestClient.ConnectAsync(url));
    }
}
