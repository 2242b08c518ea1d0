using System.Net.Http.Headers;
using System.Text;
using CoBrowse.Infrastructure.WebPubSub;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.IntegrationTests.Security;
using CoBrowse.Relay;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// Tenant A's people take the client access URLs the product hands them (customer, agents, watching and live
/// supervisors) and use the token as a bearer on the relay's REST API, the data plane only the functions may use,
/// to take over tenant B's session: join B's live and view groups, list B's connections, grant themselves send on
/// B's control group, mint a token as B's agent, forge a state frame, close B's agent. Then every REST route of the
/// relay is tried with every kind of token an attacker could hold or forge. Azure Web PubSub refuses all of these
/// (a REST token's audience is the exact request URL), so the relay must too: every security test runs through it.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RelayRestApiAttackTests(LocalStackFixture stack)
{
    private const string Hub = "cobrowse";
    private const string BAgentId = "b-victim-agent";
    private readonly CoBrowseApi _api = new(stack.CreateClient());
    private readonly HttpClient _relay = stack.CreateClient();

    private string RelayKey => stack.Stack.Services.GetRequiredService<RelayOptions>().AccessKeys[0];

    [Fact]
    public async Task TenantANegotiatedTokensCannotDriveTheRelayRestApiAgainstTenantBsSession()
    {
        var a = await _api.CreateTenantAsync();
        var b = await _api.CreateTenantAsync();
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var aSupervisor = await _api.AgentTokenAsync(a, "a-supervisor", "agent", "supervisor");
        var bAgent = await _api.AgentTokenAsync(b, BAgentId);
        var bSupervisor = await _api.AgentTokenAsync(b, "b-supervisor", "agent", "supervisor");
        var (aViewOnly, aCustomer) = await _api.StartVoiceSessionAsync(a, aAgent, "a-view-only-call");
        var aInControl = await SessionInControlAsync(a, aAgent, "a-control-call");
        var (bSession, bCustomer) = await _api.StartVoiceSessionAsync(b, bAgent, "b-victim-call");
        var bBefore = await _api.SessionAsync(bAgent, bSession);
        var marker = "forged-" + Guid.NewGuid().ToString("N");

        await using var bCustomerSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{bSession}/realtime/negotiate", bCustomer));
        await using var bAgentSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync($"sessions/{bSession}/realtime/negotiate", bAgent));
        await using var bLiveSocket = await RawPubSubSocket.ConnectAsync(await UrlAsync("live/negotiate", bSupervisor));
        var bAgentConnection = await ConnectionIdAsync(bAgentSocket);
        var attackerUrls = new Dictionary<string, string>
        {
            ["A's customer"] = await UrlAsync($"sessions/{aViewOnly}/realtime/negotiate", aCustomer),
            ["A's view-only agent"] = await UrlAsync($"sessions/{aViewOnly}/realtime/negotiate", aAgent),
            ["A's agent in control"] = await UrlAsync($"sessions/{aInControl}/realtime/negotiate", aAgent),
            ["A's watching supervisor"] = await UrlAsync($"live/sessions/{aViewOnly}/negotiate", aSupervisor),
            ["A's live subscriber"] = await UrlAsync("live/negotiate", aSupervisor),
        };
        var attackers = new List<(string Name, string Token, RawPubSubSocket Socket, string ConnectionId)>();
        try
        {
            foreach (var (name, url) in attackerUrls)
            {
                var socket = await RawPubSubSocket.ConnectAsync(url);
                attackers.Add((name, AccessToken(url), socket, await ConnectionIdAsync(socket)));
            }

            var failures = new List<string>();
            foreach (var (name, token, _, own) in attackers)
            {
                var forgedState = new JsonObject
                {
                    ["v"] = 1, ["t"] = "session", ["sessionId"] = bSession, ["state"] = "control",
                    ["version"] = bBefore["version"]!.GetValue<int>() + 50, ["change"] = "controlApproved",
                    ["by"] = new JsonObject { ["kind"] = "customer", ["id"] = marker }, ["controlAgentId"] = marker,
                    ["at"] = DateTimeOffset.UtcNow.ToString("O"),
                };
                var chain = new (string Step, HttpMethod Method, string Path, HttpContent? Body)[]
                {
                    ("join B's live group", HttpMethod.Put, $"/groups/t.{b.TenantId}.live/connections/{own}", null),
                    ("join B's view group", HttpMethod.Put, $"/groups/s.{bSession}.view/connections/{own}", null),
                    ("list B's view connections", HttpMethod.Get, $"/groups/s.{bSession}.view/connections", null),
                    ("grant itself send on B's ctl", HttpMethod.Put, $"/permissions/sendToGroup/connections/{own}?targetName=s.{bSession}.ctl", null),
                    ("mint a token as B's agent", HttpMethod.Post, $"/:generateToken?userId=a%3A{b.TenantId}%3A{BAgentId}&role=webpubsub.sendToGroup.s.{bSession}.ctl&group=s.{bSession}.view", null),
                    ("forge a state frame", HttpMethod.Post, $"/groups/s.{bSession}.state/:send", new StringContent(forgedState.ToJsonString(), Encoding.UTF8, "application/json")),
                    ("close B's agent", HttpMethod.Delete, $"/connections/{bAgentConnection}?reason={marker}", null),
                };
                foreach (var (step, method, path, body) in chain)
                {
                    var (status, text) = await RelayAsync(method, RestUrl(path), token, body);
                    if (status != HttpStatusCode.Unauthorized || !text.Contains("\"code\":\"Unauthorized\"", StringComparison.Ordinal))
                    {
                        failures.Add($"{name}: {step}: {(int)status} {text}");
                    }
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} steps were not refused with 401:\n" + string.Join('\n', failures));
            Assert.Equal(HttpStatusCode.OK, (await RelayAsync(HttpMethod.Head, RestUrl($"/connections/{bAgentConnection}"))).Status);
            foreach (var (name, _, _, own) in attackers)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await RelayAsync(HttpMethod.Head, RestUrl($"/permissions/sendToGroup/connections/{own}?targetName=s.{bSession}.ctl"))).Status);
                var viewMembers = (await RelayAsync(HttpMethod.Get, RestUrl($"/groups/s.{bSession}.view/connections"))).Text;
                var liveMembers = (await RelayAsync(HttpMethod.Get, RestUrl($"/groups/t.{b.TenantId}.live/connections"))).Text;
                Assert.False(viewMembers.Contains(own, StringComparison.Ordinal) || liveMembers.Contains(own, StringComparison.Ordinal), $"{name} joined B's groups");
            }

            Assert.DoesNotContain(marker, bCustomerSocket.Transcript(), StringComparison.Ordinal);
            Assert.DoesNotContain(marker, bAgentSocket.Transcript(), StringComparison.Ordinal);
            Assert.Equal(bBefore.ToJsonString(), (await _api.SessionAsync(bAgent, bSession)).ToJsonString());
        }
        finally
        {
            foreach (var attacker in attackers)
            {
                await attacker.Socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task EveryRelayRestRouteRefusesEveryTokenButOneSignedForItsExactUrl()
    {
        var a = await _api.CreateTenantAsync();
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var aSupervisor = await _api.AgentTokenAsync(a, "a-supervisor", "agent", "supervisor");
        var (aViewOnly, aCustomer) = await _api.StartVoiceSessionAsync(a, aAgent, "matrix-view-only-call");
        var aInControl = await SessionInControlAsync(a, aAgent, "matrix-control-call");
        var relayKey = Encoding.UTF8.GetBytes(RelayKey);
        var hs256 = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        JsonObject Claims(Uri url, Action<JsonObject>? change = null)
        {
            var claims = new JsonObject { ["aud"] = url.AbsoluteUri, ["iat"] = now, ["exp"] = now + 3600 };
            change?.Invoke(claims);
            return claims;
        }

        var clientTokens = new Dictionary<string, string>
        {
            ["A's customer client token"] = AccessToken(await UrlAsync($"sessions/{aViewOnly}/realtime/negotiate", aCustomer)),
            ["A's agent client token (in control)"] = AccessToken(await UrlAsync($"sessions/{aInControl}/realtime/negotiate", aAgent)),
            ["A's view-only agent client token"] = AccessToken(await UrlAsync($"sessions/{aViewOnly}/realtime/negotiate", aAgent)),
            ["A's watching supervisor client token"] = AccessToken(await UrlAsync($"live/sessions/{aViewOnly}/negotiate", aSupervisor)),
            ["A's live subscriber client token"] = AccessToken(await UrlAsync("live/negotiate", aSupervisor)),
        };
        var kinds = new Dictionary<string, Func<Uri, string>>();
        foreach (var (name, token) in clientTokens)
        {
            kinds[name] = _ => token;
        }

        kinds["a REST token for another URL"] = url => Sign(hs256, Claims(RestUrl(url.AbsolutePath.EndsWith("/:send", StringComparison.Ordinal) ? "/:closeConnections" : "/:send")), relayKey);
        kinds["a REST token for the URL without its query"] = url => Sign(hs256, Claims(new Uri(url.GetLeftPart(UriPartial.Path))), relayKey);
        kinds["an expired REST token"] = url => Sign(hs256, Claims(url, c => c["exp"] = now - 600), relayKey);
        kinds["a REST token signed with another key"] = url => Sign(hs256, Claims(url), Encoding.UTF8.GetBytes("some-other-web-pubsub-access-key-0000000000"));
        kinds["alg none"] = url => ForgedJwt.Part(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." + ForgedJwt.Part(Claims(url)) + ".";
        kinds["no aud"] = url => Sign(hs256, Claims(url, c => c.Remove("aud")), relayKey);
        kinds["aud as an array naming the URL"] = url => Sign(hs256, Claims(url, c => c["aud"] = new JsonArray(url.AbsoluteUri, RestUrl("/:send").AbsoluteUri)), relayKey);
        kinds["exp as a string"] = url => Sign(hs256, Claims(url, c => c["exp"] = $"{now + 3600}"), relayKey);
        kinds["nbf as a string"] = url => Sign(hs256, Claims(url, c => c["nbf"] = $"{now}"), relayKey);

        var routes = RelayRestRoutes();
        var rows = MatrixRows();
        Assert.True(routes.SetEquals(rows.Keys), "Every REST route of the relay needs a row (and no row may name a route that is gone).\n"
            + $"Missing: {string.Join(", ", routes.Except(rows.Keys))}\nStale: {string.Join(", ", rows.Keys.Except(routes))}");

        var failures = new List<string>();
        var probes = 0;
        var authority = new AccessKeyAuthorizer(RelayKey, TimeProvider.System);
        foreach (var (route, (method, path, body, genuineStatus)) in rows)
        {
            var url = RestUrl(path);
            foreach (var (kind, token) in kinds)
            {
                probes++;
                var (status, text) = await RelayAsync(method, url, token(url), body?.Invoke());
                if (status != HttpStatusCode.Unauthorized || (method != HttpMethod.Head && !text.Contains("\"code\":\"Unauthorized\"", StringComparison.Ordinal)))
                {
                    failures.Add($"{route} with {kind}: {(int)status} {text}");
                }
            }

            var genuine = await RelayAsync(method, url, await authority.GetBearerTokenAsync(url, CancellationToken.None), body?.Invoke());
            if (genuine.Status != genuineStatus)
            {
                failures.Add($"{route} with the genuine token: {(int)genuine.Status} {genuine.Text} (expected {(int)genuineStatus})");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {probes} probes were not refused:\n" + string.Join('\n', failures));
        Assert.Equal(rows.Count * kinds.Count, probes);
    }

    [Fact]
    public async Task AKeyHoldersTokenForAnythingButThisClientEndpointOpensNoSocket()
    {
        var a = await _api.CreateTenantAsync();
        var aAgent = await _api.AgentTokenAsync(a, "a-agent");
        var (session, customer) = await _api.StartVoiceSessionAsync(a, aAgent, "client-audience-call");
        var url = await UrlAsync($"sessions/{session}/realtime/negotiate", customer);
        var clientBase = url[..(url.IndexOf("access_token=", StringComparison.Ordinal) + "access_token=".Length)];
        var claims = ForgedJwt.Payload(AccessToken(url));
        var relayKey = Encoding.UTF8.GetBytes(RelayKey);
        var hs256 = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var endpoint = $"http://{stack.BaseUrl.Authority}/client/hubs/{Hub}";
        string WithAudience(JsonNode? audience)
        {
            var copy = claims.DeepClone().AsObject();
            copy.Remove("aud");
            if (audience is not null)
            {
                copy["aud"] = audience;
            }

            return clientBase + Sign(hs256, copy, relayKey);
        }

        var refused = new Dictionary<string, string>
        {
            ["the functions' REST token for a group send"] = clientBase + await new AccessKeyAuthorizer(RelayKey, TimeProvider.System).GetBearerTokenAsync(RestUrl($"/groups/s.{session}.ctl/:send"), CancellationToken.None),
            ["the customer's claims for another hub"] = WithAudience($"http://{stack.BaseUrl.Authority}/client/hubs/otherhub"),
            ["the customer's claims for another service host"] = WithAudience($"https://other.webpubsub.azure.com/client/hubs/{Hub}"),
            ["the customer's claims with no audience"] = WithAudience(null),
            ["the customer's claims with the audience in an array"] = WithAudience(new JsonArray(endpoint)),
        };

        var failures = new List<string>();
        foreach (var (name, attempt) in refused)
        {
            var status = await PubSubTestClient.RefusalStatusAsync(attempt);
            if (status != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name}: {(status is null ? "connected" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await using var genuine = await PubSubTestClient.ConnectAsync(url);
        await using var resigned = await PubSubTestClient.ConnectAsync(WithAudience(endpoint));
        Assert.Equal(endpoint, claims["aud"]!.GetValue<string>());
    }

    /// <summary>"METHOD pattern" of every endpoint the relay maps under <c>/api/hubs/{hub}</c>.</summary>
    private HashSet<string> RelayRestRoutes() =>
        stack.Stack.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/hubs/{hub}", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A concrete request per route (on ids nobody uses, so the genuine call harms no one) and the status the
    /// genuine, exactly signed token gets.</summary>
    private static Dictionary<string, (HttpMethod Method, string Path, Func<HttpContent>? Body, HttpStatusCode Genuine)> MatrixRows()
    {
        const string c = "attack-matrix-connection";
        const string g = "attack.matrix.group";
        const string u = "attack-matrix-user";
        HttpContent Text() => new StringContent("forged", Encoding.UTF8, "text/plain");
        return new(StringComparer.Ordinal)
        {
            ["POST /api/hubs/{hub}/:send"] = (HttpMethod.Post, "/:send?excluded=x", Text, HttpStatusCode.Accepted),
            ["POST /api/hubs/{hub}/users/{userId}/:send"] = (HttpMethod.Post, $"/users/{u}/:send", Text, HttpStatusCode.Accepted),
            ["POST /api/hubs/{hub}/connections/{connectionId}/:send"] = (HttpMethod.Post, $"/connections/{c}/:send", Text, HttpStatusCode.Accepted),
            ["POST /api/hubs/{hub}/groups/{group}/:send"] = (HttpMethod.Post, $"/groups/{g}/:send", Text, HttpStatusCode.Accepted),
            ["PUT /api/hubs/{hub}/groups/{group}/connections/{connectionId}"] = (HttpMethod.Put, $"/groups/{g}/connections/{c}", null, HttpStatusCode.NotFound),
            ["DELETE /api/hubs/{hub}/groups/{group}/connections/{connectionId}"] = (HttpMethod.Delete, $"/groups/{g}/connections/{c}", null, HttpStatusCode.NoContent),
            ["DELETE /api/hubs/{hub}/connections/{connectionId}/groups"] = (HttpMethod.Delete, $"/connections/{c}/groups", null, HttpStatusCode.NoContent),
            ["PUT /api/hubs/{hub}/users/{userId}/groups/{group}"] = (HttpMethod.Put, $"/users/{u}/groups/{g}", null, HttpStatusCode.NotFound),
            ["DELETE /api/hubs/{hub}/users/{userId}/groups/{group}"] = (HttpMethod.Delete, $"/users/{u}/groups/{g}", null, HttpStatusCode.NoContent),
            ["DELETE /api/hubs/{hub}/users/{userId}/groups"] = (HttpMethod.Delete, $"/users/{u}/groups", null, HttpStatusCode.NoContent),
            ["GET /api/hubs/{hub}/groups/{group}/connections"] = (HttpMethod.Get, $"/groups/{g}/connections", null, HttpStatusCode.OK),
            ["DELETE /api/hubs/{hub}/connections/{connectionId}"] = (HttpMethod.Delete, $"/connections/{c}?reason=forged", null, HttpStatusCode.NoContent),
            ["POST /api/hubs/{hub}/:closeConnections"] = (HttpMethod.Post, "/:closeConnections?excluded=x&reason=forged", null, HttpStatusCode.NoContent),
            ["POST /api/hubs/{hub}/groups/{group}/:closeConnections"] = (HttpMethod.Post, $"/groups/{g}/:closeConnections?reason=forged", null, HttpStatusCode.NoContent),
            ["POST /api/hubs/{hub}/users/{userId}/:closeConnections"] = (HttpMethod.Post, $"/users/{u}/:closeConnections?reason=forged", null, HttpStatusCode.NoContent),
            ["HEAD /api/hubs/{hub}/connections/{connectionId}"] = (HttpMethod.Head, $"/connections/{c}", null, HttpStatusCode.NotFound),
            ["HEAD /api/hubs/{hub}/groups/{group}"] = (HttpMethod.Head, $"/groups/{g}", null, HttpStatusCode.NotFound),
            ["HEAD /api/hubs/{hub}/users/{userId}"] = (HttpMethod.Head, $"/users/{u}", null, HttpStatusCode.NotFound),
            ["PUT /api/hubs/{hub}/permissions/{permission}/connections/{connectionId}"] = (HttpMethod.Put, $"/permissions/sendToGroup/connections/{c}?targetName={g}", null, HttpStatusCode.NotFound),
            ["DELETE /api/hubs/{hub}/permissions/{permission}/connections/{connectionId}"] = (HttpMethod.Delete, $"/permissions/sendToGroup/connections/{c}?targetName={g}", null, HttpStatusCode.NoContent),
            ["HEAD /api/hubs/{hub}/permissions/{permission}/connections/{connectionId}"] = (HttpMethod.Head, $"/permissions/joinLeaveGroup/connections/{c}", null, HttpStatusCode.NotFound),
            ["POST /api/hubs/{hub}/:generateToken"] = (HttpMethod.Post, $"/:generateToken?userId={u}&group={g}", null, HttpStatusCode.OK),
        };
    }

    private async Task<string> SessionInControlAsync(TestTenant tenant, string agentToken, string interactionId)
    {
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agentToken, interactionId);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agentToken)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
        await _api.WaitForStateAsync(agentToken, sessionId, "control", TimeSpan.FromSeconds(15));
        return sessionId;
    }

    private Uri RestUrl(string pathAndQuery)
    {
        var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new Uri(stack.BaseUrl, $"/api/hubs/{Hub}{pathAndQuery}{separator}api-version=2024-12-01");
    }

    /// <summary>A relay REST call with <paramref name="token"/>, or, without one, with a token the functions' own
    /// signer makes for that exact URL (what the product does).</summary>
    private async Task<(HttpStatusCode Status, string Text)> RelayAsync(HttpMethod method, Uri url, string? token = null, HttpContent? body = null)
    {
        token ??= await new AccessKeyAuthorizer(RelayKey, TimeProvider.System).GetBearerTokenAsync(url, CancellationToken.None);
        using var request = new HttpRequestMessage(method, url) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _relay.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> UrlAsync(string path, string token) =>
        (await _api.PostAsync("/api/v1/" + path, token)).AssertStatus(HttpStatusCode.OK).Text("url");

    private static string AccessToken(string url) => Uri.UnescapeDataString(url[(url.IndexOf("access_token=", StringComparison.Ordinal) + "access_token=".Length)..]);

    private static async Task<string> ConnectionIdAsync(RawPubSubSocket socket) =>
        (await socket.WaitForAsync(f => f["event"]?.GetValue<string>() == "connected"))["connectionId"]!.GetValue<string>();

    private static string Sign(JsonObject header, JsonObject claims, byte[] key) => ForgedJwt.Sign(header, claims, key);
}
