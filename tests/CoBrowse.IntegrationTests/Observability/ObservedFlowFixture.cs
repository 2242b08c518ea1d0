using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CoBrowse.Infrastructure.Observability;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoBrowse.IntegrationTests.Observability;

/// <summary>A measurement of the CoBrowse meter, with its tags.</summary>
public sealed record CapturedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
}

/// <summary>
/// Its own local stack (own Azurite, task hub and keys) with CoBrowse's categories at Debug, a capturing logger
/// provider and a listener on the stack's meter; then one run of real flows through it, remembering every secret
/// the flows handled so the tests can look for them in what was logged.
/// </summary>
public sealed class ObservedFlowFixture : IAsyncLifetime
{
    public const string AdminKey = LocalStackFixture.AdminKey; // CoBrowseApi.CreateTenantAsync sends this one
    public const string FunctionKey = "observability-function-key-secret";
    public const string RelayAccessKey = "observability-relay-access-key-0123456789-secret";
    public const string SigningKey = "b2JzZXJ2YWJpbGl0eS10ZXN0cy1zaWduaW5nLWtleS0wMDAwMDAwMDAwMDA=";
    public const string CustomerAddress = "198.51.100.77";
    public const string GuessingAddress = "198.51.100.99";

    private readonly TestDataFolder _dataFolder = new("cobrowse-obs-");
    private readonly ConcurrentQueue<CapturedMeasurement> _measurements = new();
    private readonly MeterListener _meterListener = new();
    private LocalStackHost? _stack;
    private HttpClient? _http;

    public CapturingLoggerProvider Logs { get; } = new();

    public IReadOnlyList<CapturedMeasurement> Measurements => [.. _measurements];

    /// <summary>Everything that must never show up in a log line: keys, tokens, typed secrets, frame content, addresses.</summary>
    public List<string> Secrets { get; } = [AdminKey, FunctionKey, RelayAccessKey, SigningKey, CustomerAddress, GuessingAddress];

    /// <summary>Security keys (real and wrong): six digits, looked for as whole numbers and as displayed ("123 456").</summary>
    public List<string> KeyDigits { get; } = [];

    public TestTenant Tenant { get; private set; } = null!;

    public string VoiceSessionId { get; private set; } = null!;

    public string ChatSessionId { get; private set; } = null!;

    public string TraceId { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();

    public ApiResponse Health { get; private set; } = null!;

    /// <summary>What the relay answered the ended session's customer reconnecting (a refused upgrade's status).</summary>
    public HttpStatusCode? ReconnectAfterEnd { get; private set; }

    public async Task InitializeAsync()
    {
        var settings = TestStackSettings.Create(TestStackPorts.Free(), _dataFolder.Path, "CoBrowseObservability", FunctionKey)
            .WithAdministration(AdminKey)
            .With(new()
            {
                ["LocalStack:Relay:AccessKeys:0"] = RelayAccessKey,
                ["CoBrowse:Tokens:SigningKey"] = SigningKey,
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:CoBrowse"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            });
        _stack = await LocalStackHost.StartAsync([], configuration => configuration.AddInMemoryCollection(settings));
        _stack.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        ListenToMeter(_stack.Services.GetRequiredService<CoBrowseMetrics>().Meter);
        _http = new HttpClient { BaseAddress = _stack.Url, Timeout = TimeSpan.FromSeconds(30) };
        await RunFlowsAsync(new CoBrowseApi(_http));
    }

    public async Task DisposeAsync()
    {
        _meterListener.Dispose();
        _http?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        _dataFolder.Delete();
    }

    /// <summary>
    /// Voice: a wrong key, the right key, both sides connected, a page frame, control requested (with a
    /// traceparent), approved, a password typed through the control group, revoked, the customer's end, and the
    /// customer's refused reconnect. Then a chat
    /// session ended by the interaction webhook (the lifecycle's end, outside any HTTP call), a guesser rate limited,
    /// and the health endpoint.
    /// </summary>
    private async Task RunFlowsAsync(CoBrowseApi api)
    {
        Tenant = await api.CreateTenantAsync();
        Secrets.AddRange([Tenant.ApiKey, Tenant.ApiKey.Split('.')[^1], Tenant.SiteKey]);
        var agent = await api.AgentTokenAsync(Tenant, "agent-observed");
        Secrets.Add(agent);

        var (key, sessionId) = await api.IssueKeyAsync(agent, "call-observed");
        VoiceSessionId = sessionId;
        var wrongKey = ((int.Parse(key, System.Globalization.CultureInfo.InvariantCulture) + 500_001) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        KeyDigits.AddRange([key, wrongKey]);
        (await api.RedeemAsync(Tenant, wrongKey, CustomerAddress)).AssertProblem(HttpStatusCode.NotFound);
        var customer = (await api.RedeemAsync(Tenant, key, CustomerAddress)).AssertStatus(HttpStatusCode.OK).Text("customerToken");
        Secrets.Add(customer);

        var customerUrl = await NegotiateAsync(api, sessionId, customer);
        var agentUrl = await NegotiateAsync(api, sessionId, agent);
        await using (var customerSocket = await PubSubTestClient.ConnectAsync(customerUrl))
        await using (var agentSocket = await PubSubTestClient.ConnectAsync(agentUrl))
        {
            await Task.Delay(500); // presence (connected events) before control is granted
            var frameMarker = $"page-frame-marker-{Guid.NewGuid():N}";
            var password = $"Hunter2-typed-{Guid.NewGuid():N}";
            Secrets.AddRange([frameMarker, password]);
            await customerSocket.SendToGroupAsync($"s.{sessionId}.view", new JsonObject { ["t"] = "snapshot", ["text"] = frameMarker });

            var traced = new Dictionary<string, string> { ["traceparent"] = $"00-{TraceId}-{TraceId[..16]}-01" };
            (await api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests", agent, headers: traced)).AssertStatus(HttpStatusCode.OK);
            (await api.PostAsync($"/api/v1/sessions/{sessionId}/control-requests/approve", customer)).AssertStatus(HttpStatusCode.OK);
            var typed = await agentSocket.SendToGroupAsync($"s.{sessionId}.ctl", new JsonObject { ["t"] = "text", ["text"] = password });
            Assert.True(typed["success"]!.GetValue<bool>(), typed.ToJsonString());
            await customerSocket.WaitForGroupMessageAsync($"s.{sessionId}.ctl", f => f["data"]?["text"]?.GetValue<string>() == password);
            (await api.PostAsync($"/api/v1/sessions/{sessionId}/control/revoke", customer)).AssertStatus(HttpStatusCode.OK);
            (await api.PostAsync($"/api/v1/sessions/{sessionId}/end", customer)).AssertStatus(HttpStatusCode.OK);
        }

        // The ended session's customer tries to come back: the upstream connect handler refuses it.
        ReconnectAfterEnd = await PubSubTestClient.RefusalStatusAsync(customerUrl);

        var (chatSession, chatCustomer) = await api.StartOfferSessionAsync(Tenant, agent, "chat-observed", "webChat");
        ChatSessionId = chatSession;
        Secrets.Add(chatCustomer);
        (await api.PostAsync("/api/v1/interactions/chat-observed/events", Tenant.ApiKey, new { type = "ended" })).AssertStatus(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(agent, chatSession, "ended", TimeSpan.FromSeconds(30));

        for (var guess = 0; guess < 6; guess++)
        {
            var digits = (100_000 + Random.Shared.Next(900_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            KeyDigits.Add(digits);
            await api.RedeemAsync(Tenant, digits, GuessingAddress);
        }

        (await api.RedeemAsync(Tenant, "123456", GuessingAddress)).AssertProblem(HttpStatusCode.TooManyRequests);
        KeyDigits.Add("123456");
        Health = await api.GetAsync("/api/v1/health");
        await Task.Delay(1000); // disconnected events and the lifecycle's last lines
    }

    private async Task<string> NegotiateAsync(CoBrowseApi api, string sessionId, string token)
    {
        var url = (await api.PostAsync($"/api/v1/sessions/{sessionId}/realtime/negotiate", token)).AssertStatus(HttpStatusCode.OK).Text("url");
        Secrets.Add(Uri.UnescapeDataString(url[(url.IndexOf("access_token=", StringComparison.Ordinal) + "access_token=".Length)..]));
        return url;
    }

    private void ListenToMeter(Meter meter)
    {
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string?>();
        foreach (var (key, tagValue) in tags)
        {
            copied[key] = Convert.ToString(tagValue, System.Globalization.CultureInfo.InvariantCulture);
        }

        _measurements.Enqueue(new CapturedMeasurement(instrument.Name, value, copied));
    }
}
