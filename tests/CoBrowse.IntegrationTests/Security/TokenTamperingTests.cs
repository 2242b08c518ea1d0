using System.Security.Cryptography;
using System.Text;
using CoBrowse.Infrastructure.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// Tokens an attacker can build: agent and customer JWTs with a changed payload or signature, switched or missing
/// algorithms, wrong audience or issuer, outside their lifetime, used in the other role, replayed after the session
/// ended; and Web PubSub access tokens tampered, expired, for another hub or another user at the relay's /client
/// endpoint. Each forgery is paired with the same construction done right, which is accepted, so only the flaw
/// makes the difference.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class TokenTamperingTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    private TokenOptions Tokens => stack.Stack.Services.GetRequiredService<IOptions<TokenOptions>>().Value;

    private byte[] SigningKey => Convert.FromBase64String(Tokens.SigningKey);

    private string RelayKey => stack.Stack.Services.GetRequiredService<RelayOptions>().AccessKeys[0];

    [Fact]
    public async Task ForgedAgentTokensAreRefusedWith401WhileTheHonestConstructionIsAccepted()
    {
        var tenant = await _api.CreateTenantAsync();
        var other = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-forged-agent");
        var before = await _api.SessionAsync(agent, sessionId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var hs256 = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };

        JsonObject Claims(Action<JsonObject>? change = null)
        {
            var claims = new JsonObject
            {
                ["iss"] = Tokens.Issuer,
                ["aud"] = "cobrowse-agent",
                ["sub"] = "agent-1",
                ["tid"] = tenant.TenantId,
                ["roles"] = new JsonArray("agent"),
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + 600,
            };
            change?.Invoke(claims);
            return claims;
        }

        var honest = ForgedJwt.Sign(hs256, Claims(), SigningKey);
        var forgeries = new Dictionary<string, string>
        {
            ["payload: tenant swapped after signing"] = ForgedJwt.WithPayload(honest, Claims(c => c["tid"] = other.TenantId)),
            ["payload: supervisor role added after signing"] = ForgedJwt.WithPayload(honest, Claims(c => c["roles"] = new JsonArray("agent", "supervisor", "reporting"))),
            ["payload: expiry pushed out after signing"] = ForgedJwt.WithPayload(honest, Claims(c => c["exp"] = now + 86_400 * 365)),
            ["signature: one bit flipped"] = ForgedJwt.WithFlippedSignatureBit(honest),
            ["signature: stripped"] = honest[..(honest.LastIndexOf('.') + 1)],
            ["signature: of another genuine token"] = honest[..honest.LastIndexOf('.')] + agent[agent.LastIndexOf('.')..],
            ["alg none, signature kept"] = ForgedJwt.Part(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + honest[honest.IndexOf('.')..],
            ["alg RS256 over an HMAC of the real key"] = ForgedJwt.Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" }, Claims(), SigningKey),
            ["alg HS512 with the real key"] = ForgedJwt.Sign(new JsonObject { ["alg"] = "HS512", ["typ"] = "JWT" }, Claims(), SigningKey, HMACSHA512.HashData),
            ["alg HS256 with an empty key"] = ForgedJwt.Sign(hs256, Claims(), []),
            ["alg HS256 with the issuer name as key"] = ForgedJwt.Sign(hs256, Claims(), Encoding.UTF8.GetBytes(Tokens.Issuer)),
            ["aud: another audience"] = ForgedJwt.Sign(hs256, Claims(c => c["aud"] = "cobrowse-admin"), SigningKey),
            ["aud: agent and customer at once"] = ForgedJwt.Sign(hs256, Claims(c => c["aud"] = new JsonArray("cobrowse-agent", "cobrowse-customer")), SigningKey),
            ["aud: missing"] = ForgedJwt.Sign(hs256, Claims(c => c.Remove("aud")), SigningKey),
            ["iss: another issuer"] = ForgedJwt.Sign(hs256, Claims(c => c["iss"] = "someone-else"), SigningKey),
            ["iss: missing"] = ForgedJwt.Sign(hs256, Claims(c => c.Remove("iss")), SigningKey),
            ["nbf: ten minutes ahead"] = ForgedJwt.Sign(hs256, Claims(c => c["nbf"] = now + 600), SigningKey),
            ["exp: two minutes ago"] = ForgedJwt.Sign(hs256, Claims(c => c["exp"] = now - 120), SigningKey),
            ["exp: missing"] = ForgedJwt.Sign(hs256, Claims(c => c.Remove("exp")), SigningKey),
            ["exp: a string"] = ForgedJwt.Sign(hs256, Claims(c => c["exp"] = "never"), SigningKey),
            ["sub: missing"] = ForgedJwt.Sign(hs256, Claims(c => c.Remove("sub")), SigningKey),
            ["tid: missing"] = ForgedJwt.Sign(hs256, Claims(c => c.Remove("tid")), SigningKey),
            ["customer audience with agent claims"] = ForgedJwt.Sign(hs256, Claims(c => c["aud"] = "cobrowse-customer"), SigningKey),
        };

        var failures = new List<string>();
        foreach (var (name, forged) in forgeries)
        {
            foreach (var response in new[]
            {
                await _api.GetAsync($"/api/v1/sessions/{sessionId}", forged),
                await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", forged),
                await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", forged),
            })
            {
                if (response.Status != HttpStatusCode.Unauthorized || response.ContentType != "application/problem+json")
                {
                    failures.Add($"{name}: {(int)response.Status} {response.Body?.ToJsonString()}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before.ToJsonString(), (await _api.SessionAsync(agent, sessionId)).ToJsonString());
        (await _api.GetAsync($"/api/v1/sessions/{sessionId}", honest)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokensUsedInTheOtherRoleAreRefused()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-1", "agent", "supervisor", "reporting");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-cross-role");
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(agent, sessionId);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // The customer's token at every route that serves agents, supervisors or the tenant's backend.
        var asCustomer = new[]
        {
            await _api.PostAsync("/api/v1/agent-tokens", customer, new { agentId = "x" }),
            await _api.PostAsync("/api/v1/interactions/call-cross-role/security-keys", customer),
            await _api.PostAsync("/api/v1/interactions/call-cross-role/offers", customer, new { channel = "webChat" }),
            await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", customer),
            await _api.PostAsync("/api/v1/interactions/call-cross-role/events", customer, new { type = "ended" }),
            await _api.GetAsync("/api/v1/interactions/call-cross-role/timeline", customer),
            await _api.GetAsync("/api/v1/sessions?state=all", customer),
            await _api.GetAsync("/api/v1/live/sessions", customer),
            await _api.PostAsync("/api/v1/live/negotiate", customer),
            await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", customer),
            await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/snapshot-requests", customer),
            await _api.GetAsync($"/api/v1/reports/metrics?from={today}&to={today}&groupBy=day", customer),
            await _api.GetAsync($"/api/v1/reports/sessions.csv?from={today}&to={today}", customer),
            await _api.GetAsync("/api/v1/contacts/c-1/cobrowse-sessions", customer),
        };

        // An agent holding every role, and the tenant's API key, answering for the customer.
        var forTheCustomer = new[]
        {
            await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", agent),
            await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/deny", agent),
            await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", tenant.ApiKey),
            await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", tenant.ApiKey),
        };

        Assert.All(asCustomer.Concat(forTheCustomer), r =>
        {
            Assert.Contains(r.Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
            r.AssertProblem(r.Status);
        });
        Assert.Equal(before.ToJsonString(), (await _api.SessionAsync(agent, sessionId)).ToJsonString());
        // The right roles still work: the customer approves.
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACustomerTokenReplayedAfterTheSessionEndedReachesNothingLive()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant, "agent-1", "agent", "supervisor");
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-replay");
        var earlierUrl = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", agent)).AssertStatus(HttpStatusCode.OK);
        var ended = await _api.SessionAsync(agent, sessionId);

        var negotiate = await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer);
        var agentNegotiate = await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", agent);
        var watch = await _api.PostAsync($"/api/v1/live/sessions/{sessionId}/negotiate", agent);
        var approve = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer);
        var activity = await _api.PostAsync($"/api/v1/sessions/{sessionId}/activity", customer);
        var connect = await PubSubTestClient.RefusalStatusAsync(earlierUrl);

        negotiate.AssertProblem(HttpStatusCode.Conflict);
        agentNegotiate.AssertProblem(HttpStatusCode.Conflict);
        watch.AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains(approve.Status, new[] { HttpStatusCode.Conflict, HttpStatusCode.Gone });
        Assert.Contains(activity.Status, new[] { HttpStatusCode.Conflict, HttpStatusCode.Gone, HttpStatusCode.NoContent, HttpStatusCode.OK });
        Assert.Equal(HttpStatusCode.Unauthorized, connect);
        var after = await _api.SessionAsync(agent, sessionId);
        Assert.Equal("ended", after["state"]!.GetValue<string>());
        Assert.Equal(ended["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheRelayRefusesTamperedExpiredAndForeignAccessTokensAndServesTheGenuineOne()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-relay-tokens");
        var (endedSession, endedCustomer) = await _api.StartVoiceSessionAsync(tenant, agent, "call-relay-ended");
        var endedUrl = (await _api.PostAsync($"/api/v1/sessions/{endedSession}/realtime/negotiate", endedCustomer)).AssertStatus(HttpStatusCode.OK).Text("url");
        (await _api.PostAsync($"/api/v1/sessions/{endedSession}/end", agent)).AssertStatus(HttpStatusCode.OK);
        var url = (await _api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", customer)).AssertStatus(HttpStatusCode.OK).Text("url");
        var (clientBase, token) = SplitAccessToken(url);
        var claims = ForgedJwt.Payload(token);
        var relayKey = Encoding.UTF8.GetBytes(RelayKey);
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        JsonObject Changed(Action<JsonObject> change)
        {
            var copy = claims.DeepClone().AsObject();
            change(copy);
            return copy;
        }

        var refusals = new Dictionary<string, string>
        {
            ["payload: send role on ctl added after signing"] = clientBase + ForgedJwt.WithPayload(token, Changed(c => c["role"] = new JsonArray($"webpubsub.sendToGroup.s.{sessionId}.view", $"webpubsub.sendToGroup.s.{sessionId}.ctl", "webpubsub.joinLeaveGroup"))),
            ["payload: another user after signing"] = clientBase + ForgedJwt.WithPayload(token, Changed(c => c["sub"] = $"a:{tenant.TenantId}:agent-1")),
            ["signature: one bit flipped"] = clientBase + ForgedJwt.WithFlippedSignatureBit(token),
            ["alg none"] = clientBase + ForgedJwt.Part(new JsonObject { ["alg"] = "none" }) + "." + ForgedJwt.Part(claims) + ".",
            ["signed with another key"] = clientBase + ForgedJwt.Sign(header, claims, RandomNumberGenerator.GetBytes(32)),
            ["expired ten minutes ago (beyond the 5 min skew)"] = clientBase + ForgedJwt.Sign(header, Changed(c => c["exp"] = now - 600), relayKey),
            ["not valid for another ten minutes"] = clientBase + ForgedJwt.Sign(header, Changed(c => c["nbf"] = now + 600), relayKey),
            ["no expiry"] = clientBase + ForgedJwt.Sign(header, Changed(c => c.Remove("exp")), relayKey),
            ["signed by the key for a user that is no participant"] = clientBase + ForgedJwt.Sign(header, Changed(c => { c["sub"] = "intruder"; c.Remove("cb.sid"); }), relayKey),
            ["signed by the key for another tenant's copy of the session"] = clientBase + ForgedJwt.Sign(header, Changed(c => c["cb.tid"] = "no-such-tenant"), relayKey),
            ["the URL of a session that has ended"] = endedUrl,
            ["no token at all"] = clientBase.TrimEnd('=').Replace("?access_token", string.Empty, StringComparison.Ordinal),
        };

        var failures = new List<string>();
        foreach (var (name, attempt) in refusals)
        {
            var status = await PubSubTestClient.RefusalStatusAsync(attempt);
            if (status != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name}: {(status is null ? "connected" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            }
        }

        var otherHub = await PubSubTestClient.RefusalStatusAsync(url.Replace("/client/hubs/cobrowse", "/client/hubs/other", StringComparison.Ordinal));

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.NotFound, otherHub);
        // The genuine URL, and the same claims re-signed with the relay key, connect: only the flaw made the difference.
        await using var genuine = await PubSubTestClient.ConnectAsync(url);
        await using var resigned = await PubSubTestClient.ConnectAsync(clientBase + ForgedJwt.Sign(header, claims, relayKey));
        Assert.Equal($"c:{tenant.TenantId}:{sessionId}", genuine.Connected["userId"]!.GetValue<string>());
    }

    private static (string ClientBase, string Token) SplitAccessToken(string url)
    {
        const string marker = "access_token=";
        var at = url.IndexOf(marker, StringComparison.Ordinal);
        return (url[..(at + marker.Length)], Uri.UnescapeDataString(url[(at + marker.Length)..]));
    }
}
