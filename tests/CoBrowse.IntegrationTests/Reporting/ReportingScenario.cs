using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Reporting;

/// <summary>Drives real sessions through the HTTP API and reads the reporting API, for the reporting tests.</summary>
public sealed class ReportingScenario(CoBrowseApi api, HttpClient http)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A range around today (UTC) that holds any session the test just created, even across midnight.</summary>
    public static string RangeAroundToday
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            return $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        }
    }

    public async Task<(string SessionId, string CustomerToken)> StartVoiceAsync(TestTenant tenant, string agent, string interactionId, string? contact = null)
    {
        var issued = (await api.PostAsync($"/api/v1/interactions/{interactionId}/security-keys", agent, new { externalContactId = contact })).AssertStatus(HttpStatusCode.Created);
        var joined = (await api.RedeemAsync(tenant, issued.Text("key"))).AssertStatus(HttpStatusCode.OK);
        return (issued.Text("sessionId"), joined.Text("customerToken"));
    }

    public async Task<(string SessionId, string OfferId)> OfferAsync(string agent, string interactionId, string channel, string? contact = null)
    {
        var offer = (await api.PostAsync($"/api/v1/interactions/{interactionId}/offers", agent, new { channel, externalContactId = contact })).AssertStatus(HttpStatusCode.Created);
        return (offer.Text("sessionId"), offer.Text("offerId"));
    }

    /// <summary>Request control, the customer approves, an agent holds it for a moment, the customer revokes.</summary>
    public async Task ControlApprovedThenRevokedAsync(string sessionId, string agent, string customer, TimeSpan held)
    {
        (await api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);
        (await api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
        await Task.Delay(held);
        (await api.PostAsync($"/api/v1/sessions/{sessionId}/control/revoke", customer)).AssertStatus(HttpStatusCode.OK);
    }

    public async Task ControlDeniedAsync(string sessionId, string agent, string customer)
    {
        (await api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent)).AssertStatus(HttpStatusCode.OK);
        (await api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/deny", customer)).AssertStatus(HttpStatusCode.OK);
    }

    public Task<ApiResponse> MetricsAsync(string credential, string query) => api.GetAsync($"/api/v1/reports/metrics?{query}", credential);

    /// <summary>Polls the metrics until <paramref name="sessions"/> sessions are counted (ends decided by the lifecycle land asynchronously).</summary>
    public async Task<JsonNode> WaitForMetricsAsync(string credential, string query, int sessions)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode body;
        do
        {
            body = (await MetricsAsync(credential, query)).AssertStatus(HttpStatusCode.OK).Body!;
            if (body["totals"]!["sessions"]!.GetValue<int>() >= sessions)
            {
                return body;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Metrics did not reach {sessions} sessions: {body.ToJsonString()}");
    }

    /// <summary>A raw GET, for CSV answers and their content headers.</summary>
    public async Task<(HttpStatusCode Status, string? MediaType, string? FileName, string Text)> GetTextAsync(string path, string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {credential}");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), text);
    }

    public static JsonNode Group(JsonNode metrics, string key) =>
        metrics["groups"]!.AsArray().SingleOrDefault(g => g!["key"]!.GetValue<string>() == key)
        ?? throw new Xunit.Sdk.XunitException($"No group '{key}' in {metrics.ToJsonString()}");
}
