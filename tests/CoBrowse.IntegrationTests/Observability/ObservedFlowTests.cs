using System.Text.RegularExpressions;

namespace CoBrowse.IntegrationTests.Observability;

/// <summary>
/// Real flows through an in-process local stack with a capturing logger provider and a meter listener: lifecycle
/// events are structured lines carrying tenant and session ids, HTTP and upstream lines carry their scope, no secret
/// the flows handled appears in any message, state value, scope or exception, the meter counts what happened with
/// tenant/channel/reason tags, and the health endpoint reports each dependency.
/// </summary>
public sealed class ObservedFlowTests(ObservedFlowFixture flow) : IClassFixture<ObservedFlowFixture>
{
    private IReadOnlyList<CapturedLog> Logs => flow.Logs.Logs;

    [Fact]
    public void SessionLifecycleEventsAreStructuredWithTenantAndSessionIds()
    {
        var created = Single("SessionCreated", flow.VoiceSessionId);
        Assert.Equal(flow.Tenant.TenantId, created.StateValue("TenantId"));
        Assert.Equal("agent-observed", created.StateValue("AgentId"));
        Assert.Equal("SecurityKeys_Issue", created.ScopeValue("Operation"));
        var started = Single("SessionStarted", flow.VoiceSessionId);
        Assert.Equal(flow.Tenant.TenantId, started.StateValue("TenantId"));
        Assert.Equal("call-observed", started.StateValue("InteractionId"));
        Assert.Equal("Voice", started.StateValue("Channel"));
        Assert.Equal(flow.Tenant.TenantId, Single("SecurityKeyRedeemed", flow.VoiceSessionId).StateValue("TenantId"));

        var ended = Single("SessionEnded", flow.VoiceSessionId);
        Assert.Equal(flow.Tenant.TenantId, ended.StateValue("TenantId"));
        Assert.Equal("CustomerEnded", ended.StateValue("EndReason"));
        Assert.True(long.Parse(ended.StateValue("DurationMs")!, System.Globalization.CultureInfo.InvariantCulture) > 0);

        var control = Named("ControlChanged").Where(l => l.StateValue("SessionId") == flow.VoiceSessionId).ToList();
        Assert.Equal(["ControlRequested", "ControlApproved", "ControlRevoked"], control.Select(l => l.StateValue("ControlChange")));
        Assert.All(control, l => Assert.Equal(flow.Tenant.TenantId, l.StateValue("TenantId")));
        Assert.All(control, l => Assert.Equal("agent-observed", l.StateValue("ControlAgentId")));

        // Ended by the webhook through the durable lifecycle: no HTTP call around it, the line itself names both ids.
        var chatEnded = Single("SessionEnded", flow.ChatSessionId);
        Assert.Equal(flow.Tenant.TenantId, chatEnded.StateValue("TenantId"));
        Assert.Equal("InteractionEnded", chatEnded.StateValue("EndReason"));
        Assert.Equal("WebChat", Single("SessionStarted", flow.ChatSessionId).StateValue("Channel"));
    }

    [Fact]
    public void WrongKeysAndRateLimitsAreLoggedWithTheirCounts()
    {
        var rejected = Named("SecurityKeyRejected").Where(l => l.StateValue("TenantId") == flow.Tenant.TenantId).ToList();
        Assert.True(rejected.Count >= 2, $"{rejected.Count} rejected-key lines");
        Assert.Equal(
            Enumerable.Range(1, rejected.Count).Select(n => (long)n),
            rejected.Select(l => long.Parse(l.StateValue("TenantFailures")!, System.Globalization.CultureInfo.InvariantCulture)));

        var limited = Named("RateLimited").ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, l => Assert.Equal("SecurityKeys_Redeem", l.ScopeValue("Operation")));
        Assert.All(limited, l => Assert.True(long.Parse(l.StateValue("RetryAfterSeconds")!, System.Globalization.CultureInfo.InvariantCulture) >= 1));
    }

    [Fact]
    public void HttpCallsLogWithinAScopeOfOperationTenantSessionAndCorrelation()
    {
        var requested = Named("ControlChanged").First(l => l.StateValue("SessionId") == flow.VoiceSessionId);

        Assert.Equal("Sessions_RequestControl", requested.ScopeValue("Operation"));
        Assert.Equal(flow.Tenant.TenantId, requested.ScopeValue("TenantId"));
        Assert.Equal(flow.VoiceSessionId, requested.ScopeValue("SessionId"));
        Assert.Equal(flow.TraceId, requested.ScopeValue("CorrelationId"));

        var approved = Named("ControlChanged").First(l => l.StateValue("ControlChange") == "ControlApproved");
        Assert.Equal("Sessions_ApproveControl", approved.ScopeValue("Operation"));
        Assert.Equal(flow.Tenant.TenantId, approved.ScopeValue("TenantId"));
        Assert.False(string.IsNullOrEmpty(approved.ScopeValue("CorrelationId")));
    }

    [Fact]
    public void UpstreamEventsLogWithinAScopeOfTheParticipantsTenantAndSession()
    {
        var connected = Logs.Where(l => l.EventId.Id == 3101 && l.StateValue("SessionId") == flow.VoiceSessionId).ToList();

        Assert.Equal(2, connected.Count); // customer and agent
        Assert.All(connected, l =>
        {
            Assert.Equal("Realtime_Upstream", l.ScopeValue("Operation"));
            Assert.Equal(flow.Tenant.TenantId, l.ScopeValue("TenantId"));
            Assert.Equal(flow.VoiceSessionId, l.ScopeValue("SessionId"));
            Assert.Equal(l.StateValue("ConnectionId"), l.ScopeValue("ConnectionId"));
            Assert.Equal("connected", l.ScopeValue("EventName"));
        });
    }

    [Fact]
    public void ARefusedConnectIsLoggedInTheSessionsScopeAndCounted()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, flow.ReconnectAfterEnd);
        var refused = Assert.Single(Logs, l => l.EventId.Id == 3100 && l.ScopeValue("SessionId") == flow.VoiceSessionId);

        Assert.Equal("session-ended", refused.StateValue("Reason"));
        Assert.Equal(flow.Tenant.TenantId, refused.ScopeValue("TenantId"));
        Assert.Equal("connect", refused.ScopeValue("EventName"));
        Assert.Contains(flow.Measurements, m => m.Instrument == "cobrowse.realtime.connects_refused" && m.Tag("reason") == "session-ended");
    }

    [Fact]
    public void NoSecretAppearsInAnyMessageStateScopeOrException()
    {
        // Not vacuous: every kind of line the flows produce was captured, Debug included, most inside a scope.
        var ours = Logs.Where(l => l.Category.StartsWith("CoBrowse", StringComparison.Ordinal)).ToList();
        string[] kinds = ["SessionCreated", "SessionStarted", "SessionEnded", "ControlChanged", "SecurityKeyRedeemed", "SecurityKeyRejected", "RateLimited", "RequestRefused"];
        Assert.All(kinds, kind => Assert.Contains(ours, l => l.EventId.Name == kind));
        Assert.Contains(ours, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        Assert.True(ours.Count(l => l.Scopes.Count > 0) >= 15, $"{ours.Count(l => l.Scopes.Count > 0)} of {ours.Count} lines in a scope");

        // Whole secrets, and the head and tail of long ones (a value cut short still leaks), plus anything shaped
        // like a JWT; security keys as whole six-digit numbers or as displayed ("123 456").
        var secrets = flow.Secrets.Where(s => s.Length >= 8)
            .SelectMany(s => s.Length >= 24 ? new[] { s, s[..16], s[^16..] } : [s])
            .Distinct().ToList();
        var keys = flow.KeyDigits.Distinct().Select(k => new Regex($"(?<![0-9A-Za-z]){k}(?![0-9A-Za-z])|{k[..3]} {k[3..]}"))
            .Append(new Regex("eyJ[A-Za-z0-9_-]{16,}")).ToList();
        var leaks = (
            from log in Logs
            from text in log.AllText()
            let secret = secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal))
                ?? keys.FirstOrDefault(k => k.IsMatch(text))?.ToString()
            where secret is not null
            select $"{log.Category} [{log.EventId}] leaks '{secret}' in: {text}").Distinct().ToList();

        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Take(20)));
        Assert.True(flow.Secrets.Count(s => s.StartsWith("eyJ", StringComparison.Ordinal)) >= 5); // agent, two customers, two client access tokens
    }

    [Fact]
    public void TheMeterCountsStartsEndsDurationsAndControlWithTenantChannelAndReasonTags()
    {
        var ours = flow.Measurements.Where(m => m.Tag("tenant") == flow.Tenant.TenantId).ToList();

        Assert.Equal(["voice", "webChat"], ours.Where(m => m.Instrument == "cobrowse.sessions.created").Select(m => m.Tag("channel")).Order(StringComparer.Ordinal));
        Assert.Equal(["voice", "webChat"], ours.Where(m => m.Instrument == "cobrowse.sessions.started").Select(m => m.Tag("channel")).Order(StringComparer.Ordinal));
        var ended = ours.Where(m => m.Instrument == "cobrowse.sessions.ended").ToList();
        Assert.Equal(["customerEnded/voice", "interactionEnded/webChat"], ended.Select(m => $"{m.Tag("reason")}/{m.Tag("channel")}").Order(StringComparer.Ordinal));
        var durations = ours.Where(m => m.Instrument == "cobrowse.sessions.duration").ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0.001, 120));
        Assert.Equal(
            ["controlRequested", "controlApproved", "controlRevoked"],
            ours.Where(m => m.Instrument == "cobrowse.control.changes").Select(m => m.Tag("change")));
        Assert.Equal(6, ours.Where(m => m.Instrument == "cobrowse.security_keys.rejected").Sum(m => m.Value));

        var refused = flow.Measurements.Where(m => m.Instrument == "cobrowse.http.refused" && m.Tag("operation") == "SecurityKeys_Redeem").ToList();
        Assert.Contains(refused, m => m.Tag("status") == "429");
        Assert.Contains(refused, m => m.Tag("status") == "404");
        Assert.Contains(flow.Measurements, m => m.Instrument == "cobrowse.health.dependency_latency" && m.Tag("dependency") == "durableTaskHub" && m.Tag("healthy") == "True");
    }

    [Fact]
    public void HealthAnswersOkForEveryDependencyWithItsLatencyAndNoSecret()
    {
        flow.Health.AssertStatus(HttpStatusCode.OK);
        var body = flow.Health.Body!;

        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - body["checkedAt"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(5));
        var checks = body["checks"]!.AsObject();
        Assert.Equal(["durableTaskHub", "tableStorage", "webPubSub"], checks.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(checks, c =>
        {
            Assert.Equal("ok", c.Value!["status"]!.GetValue<string>());
            Assert.InRange(c.Value!["latencyMs"]!.GetValue<long>(), 0, 3000);
            Assert.Null(c.Value!["error"]);
        });
        var text = body.ToJsonString();
        Assert.DoesNotContain(ObservedFlowFixture.RelayAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }

    private IEnumerable<CapturedLog> Named(string eventName) => Logs.Where(l => l.EventId.Name == eventName);

    private CapturedLog Single(string eventName, string sessionId) =>
        Assert.Single(Named(eventName), l => l.StateValue("SessionId") == sessionId);
}
