using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CoBrowse.Core.Security;
using CoBrowse.Infrastructure.Security;
using CoBrowse.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoBrowse.IntegrationTests.Http;

/// <summary>
/// Bad bodies, bad credentials and invalid transitions: each is refused with the right RFC 7807 problem, and each
/// leaves the session, timeline or key exactly as it was.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class BadInputTests(LocalStackFixture stack)
{
    private const int MaxBodyBytes = 64 * 1024;
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    // ---- Bodies ----

    [Fact]
    public async Task AMalformedJsonBodyIsRefusedWith400AndCreatesNoOffer()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);

        var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/interactions/chat-malformed/offers", agent, rawBody: "{\"channel\": \"webChat\"");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Empty(await _api.TimelineAsync(agent, "chat-malformed"));
    }

    [Fact]
    public async Task AnEmptyBodyIsRefusedWith400WhereABodyIsRequiredAndTheKeyStaysUnused()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-empty-body");

        var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/security-keys/redeem", rawBody: string.Empty, headers: CustomerPage(tenant));

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal("pending", State(await _api.SessionAsync(agent, sessionId)));
        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnknownJsonPropertyIsRefusedWith400AndCreatesNoOffer()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);

        var response = await _api.PostAsync("/api/v1/interactions/chat-unknown-property/offers", agent, new { channel = "webChat", autoAccept = true });

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Empty(await _api.TimelineAsync(agent, "chat-unknown-property"));
    }

    [Fact]
    public async Task ABodyOver64KilobytesIsRefusedWith413EvenWhenItIsOtherwiseValid()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var padded = "{\"channel\":\"webChat\"" + new string(' ', MaxBodyBytes) + "}";

        var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/interactions/chat-huge-body/offers", agent, rawBody: padded);

        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await _api.TimelineAsync(agent, "chat-huge-body"));
    }

    [Fact]
    public async Task ABodyOver64KilobytesSentWithoutAContentLengthIsRefusedWith413()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var padded = "{\"channel\":\"webChat\"" + new string(' ', MaxBodyBytes) + "}";
        using var http = stack.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions/chat-chunked-body/offers") { Content = new UnsizedJsonContent(padded) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agent);

        using var response = await http.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await _api.TimelineAsync(agent, "chat-chunked-body"));
    }

    // ---- Site key and origin ----

    [Fact]
    public async Task AnUnknownSiteKeyIsRefusedWith404AndTheKeyStillRedeems()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-unknown-site");

        var response = await _api.RedeemAsync(tenant with { SiteKey = "site_" + new string('0', 32) }, key);

        response.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("pending", State(await _api.SessionAsync(agent, sessionId)));
        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AWrongOriginOnRedeemIsRefusedWith403AndTheKeyStillRedeemsFromTheRightOrigin()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-wrong-origin");

        var response = await _api.RedeemAsync(tenant, key, origin: "https://evil.example.test");

        response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("pending", State(await _api.SessionAsync(agent, sessionId)));
        var joined = (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(sessionId, joined.Body!["session"]!["sessionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMissingOriginOnRedeemIsRefusedWith403AndTheKeyStillRedeems()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-no-origin");

        var response = await _api.SendAsync(
            HttpMethod.Post,
            "/api/v1/security-keys/redeem",
            body: new { siteKey = tenant.SiteKey, key },
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.20" });

        response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("pending", State(await _api.SessionAsync(agent, sessionId)));
        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
    }

    // ---- Credentials ----

    [Fact]
    public async Task AMissingAuthorizationHeaderIsRefusedWith401AndChangesNothing()
    {
        var (_, agent, sessionId, _) = await StartSessionAsync("call-no-auth");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests");

        response.AssertProblem(HttpStatusCode.Unauthorized);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.not-json.not-a-signature")]
    [InlineData("cbk.not-a-tenant.key.secret")]
    public async Task AGarbageBearerIsRefusedWith401AndChangesNothing(string garbage)
    {
        var (_, agent, sessionId, _) = await StartSessionAsync("call-garbage-bearer");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", garbage);

        response.AssertProblem(HttpStatusCode.Unauthorized);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
    }

    [Fact]
    public async Task AnApiKeyWithTheRightShapeButAWrongSecretIsRefusedWith401()
    {
        var tenant = await _api.CreateTenantAsync();
        var parts = tenant.ApiKey.Split('.');
        var wrongSecret = string.Join('.', parts[0], parts[1], parts[2], new string('A', parts[3].Length));

        var response = await _api.PostAsync("/api/v1/agent-tokens", wrongSecret, new { agentId = "agent-1" });

        response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.False(response.Body!.AsObject().ContainsKey("token"));
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefusedWith401()
    {
        var (tenant, agent, sessionId, _) = await StartSessionAsync("call-forged-token");
        var before = await _api.SessionAsync(agent, sessionId);
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var forger = new JwtTokenService(Options.Create(new TokenOptions { SigningKey = otherKey, Issuer = RealTokenOptions.Value.Issuer }), TimeProvider.System);
        var forged = forger.IssueAgentToken(AgentOf(tenant)).Token;
        var genuine = new JwtTokenService(RealTokenOptions, TimeProvider.System).IssueAgentToken(AgentOf(tenant)).Token;

        var withForged = await _api.GetAsync($"/api/v1/sessions/{sessionId}", forged);
        var endWithForged = await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", forged);

        withForged.AssertProblem(HttpStatusCode.Unauthorized);
        endWithForged.AssertProblem(HttpStatusCode.Unauthorized);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
        // The same construction with the real key is accepted: only the signature made the difference.
        (await _api.GetAsync($"/api/v1/sessions/{sessionId}", genuine)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnsignedTokenIsRefusedWith401()
    {
        var (tenant, agent, sessionId, _) = await StartSessionAsync("call-alg-none");
        var before = await _api.SessionAsync(agent, sessionId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64Url(new JsonObject
        {
            ["iss"] = RealTokenOptions.Value.Issuer,
            ["aud"] = "cobrowse-agent",
            ["sub"] = "agent-1",
            ["tid"] = tenant.TenantId,
            ["roles"] = new JsonArray("agent"),
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
        }.ToJsonString());

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", $"{header}.{payload}.");

        response.AssertProblem(HttpStatusCode.Unauthorized);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedWith401()
    {
        var (tenant, agent, sessionId, _) = await StartSessionAsync("call-expired-token");
        var before = await _api.SessionAsync(agent, sessionId);
        var twoDaysAgo = new JwtTokenService(RealTokenOptions, new FixedTimeProvider(DateTimeOffset.UtcNow.AddDays(-2)));
        var expired = twoDaysAgo.IssueAgentToken(AgentOf(tenant));
        var current = new JwtTokenService(RealTokenOptions, TimeProvider.System).IssueAgentToken(AgentOf(tenant));

        var read = await _api.GetAsync($"/api/v1/sessions/{sessionId}", expired.Token);
        var end = await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", expired.Token);

        Assert.True(expired.ExpiresAt < DateTimeOffset.UtcNow.AddDays(-1));
        read.AssertProblem(HttpStatusCode.Unauthorized);
        end.AssertProblem(HttpStatusCode.Unauthorized);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
        // The same signer with the present time is accepted: only the expiry made the difference.
        (await _api.GetAsync($"/api/v1/sessions/{sessionId}", current.Token)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACustomerTokenOnAnAgentOnlyEndpointIsRefusedWith403()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-customer-as-agent");
        var before = await _api.SessionAsync(agent, sessionId);
        var eventsBefore = (await _api.TimelineAsync(agent, "call-customer-as-agent")).Count;

        var requestControl = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", customer);
        var issueKey = await _api.PostAsync("/api/v1/interactions/call-customer-as-agent/security-keys", customer);
        var readTimeline = await _api.GetAsync("/api/v1/interactions/call-customer-as-agent/timeline", customer);

        requestControl.AssertProblem(HttpStatusCode.Forbidden);
        issueKey.AssertProblem(HttpStatusCode.Forbidden);
        readTimeline.AssertProblem(HttpStatusCode.Forbidden);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
        Assert.Equal(eventsBefore, (await _api.TimelineAsync(agent, "call-customer-as-agent")).Count);
    }

    [Fact]
    public async Task AnAgentTokenWithoutTheAgentRoleCannotRequestControl()
    {
        var (tenant, agent, sessionId, _) = await StartSessionAsync("call-reporting-role");
        var reporting = await _api.AgentTokenAsync(tenant, "reporter-1", "reporting");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", reporting);

        response.AssertProblem(HttpStatusCode.Forbidden);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
        // The token itself is valid: it may read, it just lacks the role.
        Assert.Equal("viewOnly", State(await _api.SessionAsync(reporting, sessionId)));
    }

    [Fact]
    public async Task AnApiKeyWhereAnAgentTokenIsRequiredIsRefusedWith403()
    {
        var (tenant, agent, sessionId, _) = await StartSessionAsync("call-api-key-as-agent");
        var before = await _api.SessionAsync(agent, sessionId);

        var requestControl = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", tenant.ApiKey);
        var issueKey = await _api.PostAsync("/api/v1/interactions/call-api-key-fresh/security-keys", tenant.ApiKey);
        var offer = await _api.PostAsync("/api/v1/interactions/call-api-key-fresh/offers", tenant.ApiKey, new { channel = "webChat" });

        requestControl.AssertProblem(HttpStatusCode.Forbidden);
        issueKey.AssertProblem(HttpStatusCode.Forbidden);
        offer.AssertProblem(HttpStatusCode.Forbidden);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
        Assert.Empty(await _api.TimelineAsync(agent, "call-api-key-fresh"));
    }

    [Fact]
    public async Task AWrongOrMissingAdminKeyIsRefusedWith401AndCreatesNoTenant()
    {
        var tenantId = $"adm-{Guid.NewGuid():N}"[..20];
        var body = new { tenantId, name = "Should not exist", allowedOrigins = new[] { "https://shop.example.test" } };

        var wrong = await _api.PostAsync("/api/v1/admin/tenants", body: body, headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey + "x" });
        var missing = await _api.PostAsync("/api/v1/admin/tenants", body: body);

        wrong.AssertProblem(HttpStatusCode.Unauthorized);
        missing.AssertProblem(HttpStatusCode.Unauthorized);
        // Had either call created the tenant, this would be 409.
        (await _api.PostAsync("/api/v1/admin/tenants", body: body, headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey }))
            .AssertStatus(HttpStatusCode.Created);
    }

    // ---- Security keys ----

    [Fact]
    public async Task AUsedKeyIsRefusedWith410SayingItWasUsed()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-used-key");
        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(agent, sessionId);

        var again = await _api.RedeemAsync(tenant, key, clientAddress: "203.0.113.99");

        again.AssertProblem(HttpStatusCode.Gone);
        Assert.Contains("used", again.Text("detail"), StringComparison.OrdinalIgnoreCase);
        Assert.False(again.Body!.AsObject().ContainsKey("customerToken"));
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
        Assert.Single(await _api.TimelineAsync(agent, "call-used-key"), e => e!["type"]!.GetValue<string>() == "sessionStarted");
    }

    [Fact]
    public async Task AMalformedKeyIsRefusedWith400AndTheRealKeyStillRedeems()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (key, sessionId) = await _api.IssueKeyAsync(agent, "call-malformed-key");

        var response = await _api.RedeemAsync(tenant, "12ab56");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal("pending", State(await _api.SessionAsync(agent, sessionId)));
        (await _api.RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
    }

    // ---- Invalid transitions ----

    [Fact]
    public async Task ApprovingWithoutANavigationRequestIsAConflictAndChangesNothing()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-approve-nothing");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer);

        response.AssertProblem(HttpStatusCode.Conflict);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
    }

    [Fact]
    public async Task DenyingWithoutANavigationRequestIsAConflictAndChangesNothing()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-deny-nothing");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/deny", customer);

        response.AssertProblem(HttpStatusCode.Conflict);
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
    }

    [Fact]
    public async Task RequestingControlBeforeTheCustomerJoinedIsAConflictAndChangesNothing()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (_, sessionId) = await _api.IssueKeyAsync(agent, "call-pending-control");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent);

        response.AssertProblem(HttpStatusCode.Conflict);
        var after = await _api.SessionAsync(agent, sessionId);
        AssertUnchanged(before, after);
        Assert.Equal("pending", State(after));
    }

    [Fact]
    public async Task ASecondAgentCannotRequestControlWhileAnotherAgentsRequestIsPending()
    {
        var (tenant, agentA, sessionId, _) = await StartSessionAsync("call-second-request");
        var agentB = await _api.AgentTokenAsync(tenant, "agent-2");
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agentA)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(agentA, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agentB);

        response.AssertProblem(HttpStatusCode.Conflict);
        var after = await _api.SessionAsync(agentA, sessionId);
        AssertUnchanged(before, after);
        Assert.Equal("controlRequested", State(after));
        Assert.Equal("agent-1", after["controlAgentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApprovingAfterTheSessionEndedIsAConflictAndChangesNothing()
    {
        var (_, agent, sessionId, customer) = await StartSessionAsync("call-end-then-approve");
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);
        (await _api.PostAsync($"/api/v1/sessions/{sessionId}/end", customer)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer);

        response.AssertProblem(HttpStatusCode.Conflict);
        var after = await _api.SessionAsync(agent, sessionId);
        AssertUnchanged(before, after);
        Assert.Equal("ended", State(after));
        Assert.Equal("customerEnded", after["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AcceptingAnOfferTwiceIsAConflictAndHandsOutNoSecondToken()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var offer = (await _api.PostAsync("/api/v1/interactions/chat-accept-twice/offers", agent, new { channel = "webChat" })).AssertStatus(HttpStatusCode.Created);
        (await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: true)).AssertStatus(HttpStatusCode.OK);
        var before = await _api.SessionAsync(agent, offer.Text("sessionId"));

        var again = await _api.AnswerOfferAsync(tenant, offer.Text("offerId"), accept: true);

        again.AssertProblem(HttpStatusCode.Conflict);
        Assert.False(again.Body!.AsObject().ContainsKey("customerToken"));
        AssertUnchanged(before, await _api.SessionAsync(agent, offer.Text("sessionId")));
        Assert.Single(await _api.TimelineAsync(agent, "chat-accept-twice"), e => e!["type"]!.GetValue<string>() == "sessionStarted");
    }

    // ---- Values ----

    [Fact]
    public async Task AnOfferForTheVoiceChannelIsRefusedWith400()
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);

        var response = await _api.PostAsync("/api/v1/interactions/call-voice-offer/offers", agent, new { channel = "voice" });

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Empty(await _api.TimelineAsync(agent, "call-voice-offer"));
    }

    [Fact]
    public async Task AnInteractionEventOfUnknownTypeIsRefusedWith400AndEndsNothing()
    {
        var (tenant, agent, sessionId, _) = await StartSessionAsync("call-bogus-event");
        var before = await _api.SessionAsync(agent, sessionId);

        var response = await _api.PostAsync("/api/v1/interactions/call-bogus-event/events", tenant.ApiKey, new { type = "bogus" });

        response.AssertProblem(HttpStatusCode.BadRequest);
        await Task.Delay(TimeSpan.FromSeconds(2));
        AssertUnchanged(before, await _api.SessionAsync(agent, sessionId));
    }

    [Fact]
    public async Task MintingAnAgentTokenWithAnUnknownRoleIsRefusedWith400()
    {
        var tenant = await _api.CreateTenantAsync();

        var response = await _api.PostAsync("/api/v1/agent-tokens", tenant.ApiKey, new { agentId = "agent-1", roles = new[] { "agent", "superuser" } });

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.False(response.Body!.AsObject().ContainsKey("token"));
    }

    private IOptions<TokenOptions> RealTokenOptions => stack.Stack.Services.GetRequiredService<IOptions<TokenOptions>>();

    private static AgentPrincipal AgentOf(TestTenant tenant) => new(tenant.TenantId, "agent-1", new HashSet<string>(StringComparer.Ordinal) { AgentRoles.Agent });

    private static Dictionary<string, string> CustomerPage(TestTenant tenant) =>
        new() { ["Origin"] = tenant.Origin, ["X-Forwarded-For"] = "203.0.113.10" };

    private static string State(JsonNode session) => session["state"]!.GetValue<string>();

    /// <summary>Same state, version and last change: nothing was written.</summary>
    private static void AssertUnchanged(JsonNode before, JsonNode after)
    {
        Assert.Equal(State(before), State(after));
        Assert.Equal(before["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
        Assert.Equal(before["updatedAt"]!.GetValue<string>(), after["updatedAt"]!.GetValue<string>());
        Assert.Equal(before["controlAgentId"]?.GetValue<string>(), after["controlAgentId"]?.GetValue<string>());
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>An active voice session: a fresh tenant, its agent token, the session and the customer's token.</summary>
    private async Task<(TestTenant Tenant, string Agent, string SessionId, string Customer)> StartSessionAsync(string interactionId)
    {
        var tenant = await _api.CreateTenantAsync();
        var agent = await _api.AgentTokenAsync(tenant);
        var (sessionId, customer) = await _api.StartVoiceSessionAsync(tenant, agent, interactionId);
        return (tenant, agent, sessionId, customer);
    }
}

/// <summary>A clock stuck at one moment, to sign tokens as if it were then.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>JSON content that does not tell its length, so it goes out chunked.</summary>
file sealed class UnsizedJsonContent : HttpContent
{
    private readonly byte[] _bytes;

    public UnsizedJsonContent(string json)
    {
        _bytes = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
