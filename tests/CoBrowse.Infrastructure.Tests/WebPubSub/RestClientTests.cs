using System.Net;
using System.Text;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Time.Testing;
using static CoBrowse.Infrastructure.Tests.WebPubSub.WebPubSubTestData;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

public class RestClientTests
{
    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public async Task EachRequestCarriesAnHs256TokenWhoseAudienceIsTheExactUrlWithQuery()
    {
        var (client, handler) = RestClient(_clock);
        handler.Respond(HttpStatusCode.OK);

        await client.GrantPermissionAsync("conn 1", WebPubSubPermission.SendToGroup, "s.x.ctl", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        var payload = JwtAssert.VerifiedPayload(request.BearerToken!, AccessKey);
        Assert.Equal(request.Url.AbsoluteUri, (string?)payload["aud"]);
        Assert.Equal("http://localhost:18080/api/hubs/cobrowse/permissions/sendToGroup/connections/conn%201?targetName=s.x.ctl&api-version=2024-12-01", (string?)payload["aud"]);
        Assert.Equal(Now.ToUnixTimeSeconds(), (long?)payload["iat"]);
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds(), (long?)payload["exp"]);
        Assert.Equal(["aud", "iat", "exp"], payload.Select(p => p.Key));
    }

    [Fact]
    public async Task GrantingIsAPutOnTheGroupScopedPermissionAndExpects200()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.OK);

        await client.GrantPermissionAsync("c1", WebPubSubPermission.SendToGroup, "s.x.ctl", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/api/hubs/cobrowse/permissions/sendToGroup/connections/c1?targetName=s.x.ctl&api-version=2024-12-01", request.PathAndQuery);
        Assert.Equal("application/json", request.Accept);
    }

    [Fact]
    public async Task RevokingIsADeleteAndExpects204()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.NoContent);

        await client.RevokePermissionAsync("c1", WebPubSubPermission.JoinLeaveGroup, "s.x.view", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/api/hubs/cobrowse/permissions/joinLeaveGroup/connections/c1?targetName=s.x.view&api-version=2024-12-01", request.PathAndQuery);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task CheckingAPermissionIsAHeadThatMaps200And404(HttpStatusCode status, bool expected)
    {
        var (client, handler) = RestClient();
        handler.Respond(status);

        var has = await client.CheckPermissionAsync("c1", WebPubSubPermission.SendToGroup, "s.x.ctl", CancellationToken.None);

        Assert.Equal(expected, has);
        Assert.Equal(HttpMethod.Head, handler.Requests[0].Method);
        Assert.Equal(string.Empty, handler.Requests[0].Accept);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task ConnectionExistsIsAHeadOnTheConnection(HttpStatusCode status, bool expected)
    {
        var (client, handler) = RestClient();
        handler.Respond(status);

        Assert.Equal(expected, await client.ConnectionExistsAsync("c/1", CancellationToken.None));
        Assert.Equal("/api/hubs/cobrowse/connections/c%2F1?api-version=2024-12-01", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task SendingJsonToAGroupPostsToItsSendActionAndExpects202()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.Accepted);

        await client.SendToGroupAsync("s.x.view", WebPubSubMessage.Json("""{"v":1}"""), CancellationToken.None, excluded: ["a", "b"]);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/hubs/cobrowse/groups/s.x.view/:send?excluded=a&excluded=b&api-version=2024-12-01", request.PathAndQuery);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("""{"v":1}""", Encoding.UTF8.GetString(request.Body!));
    }

    [Fact]
    public async Task TextAndBinaryGoToConnectionsAndUsersWithTheirContentTypes()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.Accepted).Respond(HttpStatusCode.Accepted);

        await client.SendToConnectionAsync("c1", WebPubSubMessage.Text("hi"), CancellationToken.None);
        await client.SendToUserAsync("c:acme:s1", WebPubSubMessage.Binary(new byte[] { 1, 2 }), CancellationToken.None);

        Assert.Equal("/api/hubs/cobrowse/connections/c1/:send?api-version=2024-12-01", handler.Requests[0].PathAndQuery);
        Assert.Equal("text/plain", handler.Requests[0].ContentType);
        Assert.Equal("/api/hubs/cobrowse/users/c%3Aacme%3As1/:send?api-version=2024-12-01", handler.Requests[1].PathAndQuery);
        Assert.Equal("application/octet-stream", handler.Requests[1].ContentType);
        Assert.Equal(new byte[] { 1, 2 }, handler.Requests[1].Body);
    }

    [Fact]
    public async Task GroupMembershipUsesPutWith200AndDeleteWith204()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.OK).Respond(HttpStatusCode.NoContent);

        await client.AddConnectionToGroupAsync("s.x.view", "c1", CancellationToken.None);
        await client.RemoveConnectionFromGroupAsync("s.x.view", "c1", CancellationToken.None);

        Assert.Equal((HttpMethod.Put, "/api/hubs/cobrowse/groups/s.x.view/connections/c1?api-version=2024-12-01"), (handler.Requests[0].Method, handler.Requests[0].PathAndQuery));
        Assert.Equal((HttpMethod.Delete, "/api/hubs/cobrowse/groups/s.x.view/connections/c1?api-version=2024-12-01"), (handler.Requests[1].Method, handler.Requests[1].PathAndQuery));
    }

    [Fact]
    public async Task ClosingCarriesTheReasonAndExpects204()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent);

        await client.CloseConnectionAsync("c1", "bye now", CancellationToken.None);
        await client.CloseGroupConnectionsAsync("s.x.ctl", "session-ended:customerEnded", CancellationToken.None);

        Assert.Equal((HttpMethod.Delete, "/api/hubs/cobrowse/connections/c1?reason=bye%20now&api-version=2024-12-01"), (handler.Requests[0].Method, handler.Requests[0].PathAndQuery));
        Assert.Equal((HttpMethod.Post, "/api/hubs/cobrowse/groups/s.x.ctl/:closeConnections?reason=session-ended%3AcustomerEnded&api-version=2024-12-01"), (handler.Requests[1].Method, handler.Requests[1].PathAndQuery));
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.Accepted)]
    public async Task AGrantAnsweredWithAnythingBut200IsAnError(HttpStatusCode status)
    {
        var (client, handler) = RestClient();
        handler.Respond(status);

        var e = await Assert.ThrowsAsync<WebPubSubRequestException>(() => client.GrantPermissionAsync("c1", WebPubSubPermission.SendToGroup, "g", CancellationToken.None));

        Assert.Equal(status, e.Status);
    }

    [Fact]
    public async Task ASendAnsweredWith200IsAnError()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.OK);

        await Assert.ThrowsAsync<WebPubSubRequestException>(() => client.SendToGroupAsync("g", WebPubSubMessage.Text("x"), CancellationToken.None));
    }

    [Fact]
    public async Task AnErrorCarriesStatusCodeAndMessageFromTheJsonBody()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.NotFound, """{"code":"NotFound","message":"Connection id 'c1' doesn't exist."}""");

        var e = await Assert.ThrowsAsync<WebPubSubRequestException>(() => client.AddConnectionToGroupAsync("g", "c1", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal("NotFound", e.Code);
        Assert.Equal("Connection id 'c1' doesn't exist.", e.ServiceMessage);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task TransientStatusesAreRetriedWithAFreshToken(HttpStatusCode status)
    {
        var (client, handler) = RestClient();
        handler.Respond(status).Respond(HttpStatusCode.NoContent);

        await client.CloseConnectionAsync("c1", null, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("/api/hubs/cobrowse/connections/c1?api-version=2024-12-01", r.PathAndQuery));
    }

    [Fact]
    public async Task NetworkFailuresAreRetried()
    {
        var (client, handler) = RestClient();
        handler.Throw().Respond(HttpStatusCode.NoContent);

        await client.CloseConnectionAsync("c1", null, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task RetriesAreBoundedAndTheLastFailureIsReported()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.InternalServerError).Respond(HttpStatusCode.BadGateway).Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.NoContent);

        var e = await Assert.ThrowsAsync<WebPubSubRequestException>(() => client.CloseConnectionAsync("c1", null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"bad"}""");

        await Assert.ThrowsAsync<WebPubSubRequestException>(() => client.CloseConnectionAsync("c1", null, CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task GenerateTokenRepeatsRolesAndGroupsAndReadsTheToken()
    {
        var (client, handler) = RestClient();
        handler.Respond(HttpStatusCode.OK, """{"token":"jwt-from-service"}""");

        var token = await client.GenerateClientTokenAsync("a:acme:alice", ["r1", "r2"], ["g1"], 60, CancellationToken.None);

        Assert.Equal("jwt-from-service", token);
        Assert.Equal("/api/hubs/cobrowse/:generateToken?userId=a%3Aacme%3Aalice&role=r1&role=r2&minutesToExpire=60&group=g1&api-version=2024-12-01", handler.Requests[0].PathAndQuery);
    }
}
