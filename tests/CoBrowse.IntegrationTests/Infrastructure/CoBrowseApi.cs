using System.Text;

namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>A thin test client over the real HTTP API of the local stack.</summary>
public sealed class CoBrowseApi(HttpClient http)
{
    private static int _tenantCounter;

    public async Task<ApiResponse> SendAsync(
        HttpMethod method,
        string path,
        string? bearer = null,
        object? body = null,
        string? rawBody = null,
        IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bearer}");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var json = rawBody ?? (body is null ? null : System.Text.Json.JsonSerializer.Serialize(body));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (text.Length > 0)
        {
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                parsed = JsonValue.Create(text);
            }
        }

        return new ApiResponse(response.StatusCode, parsed, response.Content.Headers.ContentType?.MediaType, response.Headers);
    }

    public Task<ApiResponse> PostAsync(string path, string? bearer = null, object? body = null, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, bearer, body, headers: headers);

    public Task<ApiResponse> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, bearer);

    /// <summary>Creates a fresh tenant through the admin API; timeouts in seconds override the channel defaults.</summary>
    public async Task<TestTenant> CreateTenantAsync(int? webChatSeconds = null, int? webMessagingSeconds = null, int? voiceSeconds = null)
    {
        var id = $"t{Interlocked.Increment(ref _tenantCounter)}-{Guid.NewGuid():N}"[..20];
        const string origin = "https://shop.example.test";
        var created = (await PostAsync(
            "/api/v1/admin/tenants",
            body: new
            {
                tenantId = id,
                name = $"Tenant {id}",
                allowedOrigins = new[] { origin },
                timeouts = new { webChatSeconds, webMessagingSeconds, voiceSeconds },
            },
            headers: new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey }))
            .AssertStatus(HttpStatusCode.Created);
        return new TestTenant(id, created.Text("apiKey"), created.Text("siteKey"), origin);
    }

    public async Task<string> AgentTokenAsync(TestTenant tenant, string agentId = "agent-1", params string[] roles) =>
        (await PostAsync("/api/v1/agent-tokens", tenant.ApiKey, new { agentId, roles }))
            .AssertStatus(HttpStatusCode.OK).Text("token");

    public async Task<(string Key, string SessionId)> IssueKeyAsync(string agentToken, string interactionId)
    {
        var issued = (await PostAsync($"/api/v1/interactions/{interactionId}/security-keys", agentToken)).AssertStatus(HttpStatusCode.Created);
        return (issued.Text("key"), issued.Text("sessionId"));
    }

    public Task<ApiResponse> RedeemAsync(TestTenant tenant, string key, string? clientAddress = null, string? origin = null) =>
        PostAsync(
            "/api/v1/security-keys/redeem",
            body: new { siteKey = tenant.SiteKey, key },
            headers: new Dictionary<string, string>
            {
                ["Origin"] = origin ?? tenant.Origin,
                ["X-Forwarded-For"] = clientAddress ?? "203.0.113.10",
            });

    /// <summary>Issues a key and redeems it: an active voice session with its customer token.</summary>
    public async Task<(string SessionId, string CustomerToken)> StartVoiceSessionAsync(TestTenant tenant, string agentToken, string interactionId)
    {
        var (key, sessionId) = await IssueKeyAsync(agentToken, interactionId);
        var joined = (await RedeemAsync(tenant, key)).AssertStatus(HttpStatusCode.OK);
        return (sessionId, joined.Text("customerToken"));
    }

    /// <summary>Offers and accepts: an active messaging or chat session with its customer token.</summary>
    public async Task<(string SessionId, string CustomerToken)> StartOfferSessionAsync(TestTenant tenant, string agentToken, string interactionId, string channel)
    {
        var offer = (await PostAsync($"/api/v1/interactions/{interactionId}/offers", agentToken, new { channel })).AssertStatus(HttpStatusCode.Created);
        var joined = (await AnswerOfferAsync(tenant, offer.Text("offerId"), accept: true)).AssertStatus(HttpStatusCode.OK);
        return (offer.Text("sessionId"), joined.Text("customerToken"));
    }

    public Task<ApiResponse> AnswerOfferAsync(TestTenant tenant, string offerId, bool accept, string? origin = null) =>
        PostAsync(
            $"/api/v1/offers/{offerId}/{(accept ? "accept" : "decline")}",
            body: new { siteKey = tenant.SiteKey },
            headers: new Dictionary<string, string> { ["Origin"] = origin ?? tenant.Origin });

    public async Task<JsonNode> SessionAsync(string token, string sessionId) =>
        (await GetAsync($"/api/v1/sessions/{sessionId}", token)).AssertStatus(HttpStatusCode.OK).Body!;

    /// <summary>Polls until the session reaches <paramref name="state"/> (the durable lifecycle acts asynchronously).</summary>
    public async Task<JsonNode> WaitForStateAsync(string token, string sessionId, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode session;
        do
        {
            session = await SessionAsync(token, sessionId);
            if (session["state"]?.GetValue<string>() == state)
            {
                return session;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Session {sessionId} did not reach '{state}' within {timeout}: {session.ToJsonString()}");
    }

    public async Task<JsonArray> TimelineAsync(string token, string interactionId) =>
        (JsonArray)(await GetAsync($"/api/v1/interactions/{interactionId}/timeline", token)).AssertStatus(HttpStatusCode.OK).Body!["events"]!;
}
