using System.Diagnostics.Metrics;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Observability;

/// <summary>
/// CoBrowse's instruments on the meter <see cref="MeterName"/> (System.Diagnostics.Metrics), so OpenTelemetry, the
/// Application Insights forwarder and <c>dotnet-counters</c> all read the same numbers. Tags are low-cardinality
/// only (tenant, channel, reason, change, operation, status, dependency): never a session, person, key or address.
/// </summary>
public sealed class CoBrowseMetrics
{
    public const string MeterName = "CoBrowse";

    private readonly Counter<long> _sessionsCreated;
    private readonly Counter<long> _sessionsStarted;
    private readonly Counter<long> _sessionsEnded;
    private readonly Histogram<double> _sessionDuration;
    private readonly Counter<long> _controlChanges;
    private readonly Counter<long> _keysRejected;
    private readonly Counter<long> _requestsRefused;
    private readonly Counter<long> _connectsRefused;
    private readonly Histogram<double> _dependencyCheck;

    public CoBrowseMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _sessionsCreated = Meter.CreateCounter<long>("cobrowse.sessions.created", "{session}", "Pending sessions: security keys issued and offers sent.");
        _sessionsStarted = Meter.CreateCounter<long>("cobrowse.sessions.started", "{session}", "Sessions the customer joined (key redeemed or offer accepted).");
        _sessionsEnded = Meter.CreateCounter<long>("cobrowse.sessions.ended", "{session}", "Sessions ended, pending ones included, by end reason.");
        _sessionDuration = Meter.CreateHistogram<double>("cobrowse.sessions.duration", "s", "How long the customer shared, for sessions that started.");
        _controlChanges = Meter.CreateCounter<long>("cobrowse.control.changes", "{change}", "Navigation requests and their answers: requested, approved, denied, revoked.");
        _keysRejected = Meter.CreateCounter<long>("cobrowse.security_keys.rejected", "{attempt}", "Wrong security keys typed (unknown or already used).");
        _requestsRefused = Meter.CreateCounter<long>("cobrowse.http.refused", "{request}", "HTTP calls answered with a problem (4xx/503), by function and status; 429 is rate limiting.");
        _connectsRefused = Meter.CreateCounter<long>("cobrowse.realtime.connects_refused", "{connection}", "Realtime connections the upstream connect handler refused.");
        _dependencyCheck = Meter.CreateHistogram<double>("cobrowse.health.dependency_latency", "ms", "Latency of each health check of a dependency.");
    }

    /// <summary>The meter itself (tests listen to exactly this instance).</summary>
    public Meter Meter { get; }

    public void SessionCreated(Session session) =>
        _sessionsCreated.Add(1, Tag.Tenant(session), Tag.Channel(session));

    public void SessionStarted(Session session) =>
        _sessionsStarted.Add(1, Tag.Tenant(session), Tag.Channel(session));

    public void SessionEnded(Session session)
    {
        var reason = Tag.Reason(session);
        _sessionsEnded.Add(1, Tag.Tenant(session), Tag.Channel(session), reason);
        if (session.Duration is { } duration)
        {
            _sessionDuration.Record(Math.Max(0, duration.TotalSeconds), Tag.Tenant(session), Tag.Channel(session), reason);
        }
    }

    public void ControlChanged(Session session, SessionTrigger change) =>
        _controlChanges.Add(1, Tag.Tenant(session), Tag.Channel(session), new("change", Tag.Camel(change.ToString())));

    public void SecurityKeyRejected(string tenantId) => _keysRejected.Add(1, new KeyValuePair<string, object?>("tenant", tenantId));

    public void RequestRefused(string operation, int status) =>
        _requestsRefused.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("status", status));

    public void ConnectRefused(string reason) => _connectsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DependencyChecked(string dependency, bool healthy, double latencyMs) =>
        _dependencyCheck.Record(latencyMs, new KeyValuePair<string, object?>("dependency", dependency), new KeyValuePair<string, object?>("healthy", healthy));

    private static class Tag
    {
        public static KeyValuePair<string, object?> Tenant(Session s) => new("tenant", s.TenantId);

        public static KeyValuePair<string, object?> Channel(Session s) => new("channel", Camel(s.Channel.ToString()));

        public static KeyValuePair<string, object?> Reason(Session s) => new("reason", Camel((s.EndReason ?? EndReason.Error).ToString()));

        /// <summary>The API's spelling of enum values (camelCase), so dashboards and the HTTP API agree.</summary>
        public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }
}
