using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CoBrowse.Relay.Tests.Attacks;

/// <summary>
/// An attacker holds some token signed with the access key (a client access URL the app handed out, or a REST token
/// seen on another call) and tries it as a REST admin token. Only a token signed for the exact request URL may pass,
/// as with Azure Web PubSub; everything else is a 401 with the <c>{code,message}</c> body the server SDK reads, and
/// changes nothing.
/// </summary>
public sealed class RestApiTokenAttackTests : IAsyncLifetime
{
    private RelayHost _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayHost.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_customers_client_access_token_is_refused_by_the_rest_api_and_changes_nothing()
    {
        await using var victim = await _relay.ConnectAsync("agent", groups: ["s.1.view"]);
        await using var attacker = await _relay.ConnectAsync("customer", roles: ["webpubsub.sendToGroup.s.2.view"], groups: ["s.2.ctl"]);
        var stolen = _relay.Token("customer", roles: ["webpubsub.sendToGroup.s.2.view"], groups: ["s.2.ctl"]);
        var attempts = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Put, $"/groups/s.1.view/connections/{attacker.ConnectionId}"),
            (HttpMethod.Get, "/groups/s.1.view/connections"),
            (HttpMethod.Put, $"/permissions/sendToGroup/connections/{attacker.ConnectionId}?targetName=s.1.ctl"),
            (HttpMethod.Post, "/:generateToken?userId=agent&role=webpubsub.sendToGroup.s.1.ctl&group=s.1.view"),
            (HttpMethod.Post, "/groups/s.1.state/:send"),
            (HttpMethod.Delete, $"/connections/{victim.ConnectionId}"),
        };

        var failures = new List<string>();
        foreach (var (method, path) in attempts)
        {
            using var response = await _relay.SendAsync(method, _relay.RestUrl(path), stolen, method == HttpMethod.Post ? RelayHost.Json("""{"state":"control"}""") : null);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Unauthorized || !body.Contains("\"code\":\"Unauthorized\"", StringComparison.Ordinal))
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode} {body}");
            }
        }

        Assert.True(failures.Count == 0, "a client token worked as a REST token:\n" + string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{victim.ConnectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, $"/permissions/sendToGroup/connections/{attacker.ConnectionId}?targetName=s.1.ctl")).StatusCode);
        var members = await (await _relay.RestAsync(HttpMethod.Get, "/groups/s.1.view/connections")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(attacker.ConnectionId, members, StringComparison.Ordinal);
        Assert.Empty(victim.Untaken());
    }

    [Fact]
    public async Task A_rest_token_signed_for_one_url_is_refused_on_any_other()
    {
        await using var victim = await _relay.ConnectAsync("Alice", groups: ["s.1.ctl"]);
        await using var attacker = await _relay.ConnectAsync("mallory");
        var c = attacker.ConnectionId;
        var replays = new (string Name, HttpMethod Method, string SignedFor, string SentTo)[]
        {
            ("another group", HttpMethod.Put, $"/groups/s.9.view/connections/{c}", $"/groups/s.1.ctl/connections/{c}"),
            ("targetName dropped (a scoped grant turned unscoped)", HttpMethod.Put, $"/permissions/sendToGroup/connections/{c}?targetName=s.9.view", $"/permissions/sendToGroup/connections/{c}"),
            ("targetName changed", HttpMethod.Put, $"/permissions/sendToGroup/connections/{c}?targetName=s.9.view", $"/permissions/sendToGroup/connections/{c}?targetName=s.1.ctl"),
            ("another connection", HttpMethod.Delete, $"/connections/{c}?reason=bye", $"/connections/{victim.ConnectionId}?reason=bye"),
            ("another user, differing only in case", HttpMethod.Post, "/users/alice/:send", "/users/Alice/:send"),
            ("another group, differing only in case", HttpMethod.Post, "/groups/S.1.CTL/:send", "/groups/s.1.ctl/:send"),
        };

        var failures = new List<string>();
        foreach (var (name, method, signedFor, sentTo) in replays)
        {
            var token = RelayHost.RestToken(_relay.RestUrl(signedFor).AbsoluteUri);
            using var response = await _relay.SendAsync(method, _relay.RestUrl(sentTo), token, method == HttpMethod.Post ? RelayHost.Text("forged") : null);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, "a REST token was replayed on another URL:\n" + string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{victim.ConnectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, $"/permissions/sendToGroup/connections/{c}?targetName=s.1.ctl")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _relay.RestAsync(HttpMethod.Head, $"/permissions/sendToGroup/connections/{c}")).StatusCode);
        Assert.Empty(victim.Untaken());
    }

    [Fact]
    public async Task Signing_the_url_without_its_query_or_decoded_does_not_stand_for_the_request()
    {
        await using var victim = await _relay.ConnectAsync("a:t1:agent");
        var url = _relay.RestUrl("/users/a%3At1%3Aagent/:closeConnections?reason=forged");
        var variants = new Dictionary<string, string>
        {
            ["without the query"] = url.GetLeftPart(UriPartial.Path),
            ["decoded"] = Uri.UnescapeDataString(url.AbsoluteUri),
            ["with a trailing slash"] = url.GetLeftPart(UriPartial.Path) + "/" + url.Query,
        };

        var failures = new List<string>();
        foreach (var (name, audience) in variants)
        {
            Assert.NotEqual(url.AbsoluteUri, audience);
            using var response = await _relay.SendAsync(HttpMethod.Post, url, RelayHost.RestToken(audience));
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name} ({audience}): {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.OK, (await _relay.RestAsync(HttpMethod.Head, $"/connections/{victim.ConnectionId}")).StatusCode);
    }

    [Fact]
    public async Task Tokens_with_malformed_claims_are_refused_even_when_signed_with_the_key()
    {
        var url = _relay.RestUrl("/groups/s.1.view/:send");
        var aud = url.AbsoluteUri;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        JsonObject Claims(Action<JsonObject>? change = null)
        {
            var claims = new JsonObject { ["aud"] = aud, ["iat"] = now, ["exp"] = now + 3600 };
            change?.Invoke(claims);
            return claims;
        }

        var tokens = new Dictionary<string, string>
        {
            ["no aud"] = HmacJwt.Sign(Claims(c => c.Remove("aud")), RelayHost.Key),
            ["aud as an array naming the URL"] = HmacJwt.Sign(Claims(c => c["aud"] = new JsonArray(aud, "http://elsewhere/")), RelayHost.Key),
            ["aud as a number"] = HmacJwt.Sign(Claims(c => c["aud"] = 1), RelayHost.Key),
            ["exp as a string"] = HmacJwt.Sign(Claims(c => c["exp"] = $"{now + 3600}"), RelayHost.Key),
            ["nbf as a string"] = HmacJwt.Sign(Claims(c => c["nbf"] = $"{now + 3600}"), RelayHost.Key),
            ["iat as a string"] = HmacJwt.Sign(Claims(c => c["iat"] = $"{now}"), RelayHost.Key),
            ["nbf in an hour"] = HmacJwt.Sign(Claims(c => c["nbf"] = now + 3600), RelayHost.Key),
            ["expired beyond the skew"] = HmacJwt.Sign(Claims(c => c["exp"] = now - 600), RelayHost.Key),
            ["another key"] = HmacJwt.Sign(Claims(), "not-the-access-key-of-this-relay-000000000"),
            ["alg none"] = Part("""{"alg":"none","typ":"JWT"}""") + "." + Part(Claims().ToJsonString()) + ".",
        };

        var failures = new List<string>();
        foreach (var (name, token) in tokens)
        {
            using var response = await _relay.SendAsync(HttpMethod.Post, url, token, RelayHost.Text("forged"));
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name}: {(int)response.StatusCode}");
            }
        }

        using var genuine = await _relay.SendAsync(HttpMethod.Post, url, HmacJwt.Sign(Claims(), RelayHost.Key), RelayHost.Text("genuine"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
    }

    [Fact]
    public async Task The_exact_url_passes_whatever_the_case_of_its_scheme_and_host()
    {
        var url = _relay.RestUrl("/groups/s.1.view/:send");
        var shouted = "HTTP://" + url.Authority.ToUpperInvariant() + url.PathAndQuery;

        using var response = await _relay.SendAsync(HttpMethod.Post, url, RelayHost.RestToken(shouted), RelayHost.Text("x"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static string Part(string json) => HmacJwt.Base64Url(Encoding.UTF8.GetBytes(json));
}
