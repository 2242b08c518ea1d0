using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace CoBrowse.Relay.Tests.Attacks;

/// <summary>
/// Group names the service refuses (empty after trimming, all whitespace, over 1,024 characters) reach the relay
/// through every door: REST paths, <c>:generateToken</c>'s <c>group</c>, and the upstream's connect response. Each
/// is refused as the service refuses it (REST 400 with the SDK's error body; a connect response naming one fails
/// the connection with 500), so no group the service could never hold exists in a test.
/// </summary>
public sealed class GroupNameAttackTests : RelayWithUpstream
{
    private static readonly string TooLong = new('g', 1025);

    [Fact]
    public async Task Every_rest_route_refuses_an_invalid_group_name_with_400()
    {
        await using var client = await Relay.ConnectAsync("alice");
        var failures = new List<string>();
        foreach (var group in new[] { "%20%20", "%09", TooLong })
        {
            var attempts = new (HttpMethod Method, string Path)[]
            {
                (HttpMethod.Post, $"/groups/{group}/:send"),
                (HttpMethod.Put, $"/groups/{group}/connections/{client.ConnectionId}"),
                (HttpMethod.Delete, $"/groups/{group}/connections/{client.ConnectionId}"),
                (HttpMethod.Put, $"/users/alice/groups/{group}"),
                (HttpMethod.Delete, $"/users/alice/groups/{group}"),
                (HttpMethod.Get, $"/groups/{group}/connections"),
                (HttpMethod.Post, $"/groups/{group}/:closeConnections"),
                (HttpMethod.Head, $"/groups/{group}"),
                (HttpMethod.Post, $"/:generateToken?userId=alice&group={group}"),
            };
            foreach (var (method, path) in attempts)
            {
                using var response = await Relay.RestAsync(method, path, method == HttpMethod.Post ? RelayHost.Text("x") : null);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || (method != HttpMethod.Head && !body.Contains("\"code\":\"BadRequest\"", StringComparison.Ordinal)))
                {
                    failures.Add($"{method} {path[..Math.Min(path.Length, 60)]}: {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Empty(client.Untaken());
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    [InlineData("1025")]
    public async Task A_connect_response_naming_an_invalid_group_fails_the_connection_with_500(string group)
    {
        var name = group == "1025" ? TooLong : group;
        Upstream.Respond = async (e, response) =>
        {
            if (e.EventName == "connect")
            {
                response.ContentType = "application/json";
                await response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { groups = new[] { "s.1.view", name } }));
            }
        };
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ClientProtocols.Json);
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Relay.ClientUrl(Relay.Token("alice")), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, socket.HttpStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Relay.RestAsync(HttpMethod.Head, "/groups/s.1.view")).StatusCode);
    }
}
