using Azure.Data.Tables;
using CoBrowse.Infrastructure;
using CoBrowse.Infrastructure.Health;
using CoBrowse.Infrastructure.Observability;
using CoBrowse.Infrastructure.Storage;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack.Durable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoBrowse.IntegrationTests.Observability;

/// <summary>
/// Each dependency check against a local port where nothing listens: unhealthy (or timed out) under its own name,
/// within the probe's timeout, with a short failure kind that names no address or key. The healthy side is
/// <see cref="ObservedFlowTests"/> (the real stack's health endpoint).
/// </summary>
public sealed class HealthCheckTests : IDisposable
{
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly int _closedPort = ClosedPort();
    private readonly HttpClient _http = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _http.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task EachCheckAgainstAClosedPortIsUnhealthyUnderItsNameWithinTheTimeout()
    {
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{_closedPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_closedPort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{_closedPort}/devstoreaccount1;";
        var engine = new LocalDurableEngine(
            Options.Create(new LocalDurableOptions { TaskHubName = "HealthClosedPort" }),
            Options.Create(new StorageOptions { ConnectionString = storage }),
            _services,
            NullLoggerFactory.Instance);
        await using var durable = new LocalDurableTaskClient(engine);
        IDependencyCheck[] checks =
        [
            new TableStorageCheck(new CoBrowseTables(new TableServiceClient(storage))),
            new WebPubSubCheck(_http, new Uri($"http://127.0.0.1:{_closedPort}/")),
            new DurableTaskHubCheck(durable),
        ];

        var started = DateTime.UtcNow;
        var report = await Probe([]).RunAsync(checks);

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, HealthProbe.CheckTimeout + TimeSpan.FromSeconds(2));
        Assert.False(report.IsHealthy);
        Assert.Equal(["tableStorage", "webPubSub", "durableTaskHub"], report.Checks.Select(c => c.Name));
        Assert.All(report.Checks, c =>
        {
            Assert.Contains(c.Status, new[] { DependencyStatus.Unhealthy, DependencyStatus.Timeout });
            Assert.False(string.IsNullOrEmpty(c.Error));
            Assert.DoesNotContain("127.0.0.1", c.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(DevelopmentAccountKey, c.Error, StringComparison.Ordinal);
            Assert.InRange(c.LatencyMs, 0, (long)(HealthProbe.CheckTimeout.TotalMilliseconds + 1000));
        });
        Assert.Equal(DependencyStatus.Unhealthy, report.Checks[1].Status); // a refused connection is an answer, not a wait
        Assert.Equal("network: ConnectionRefused", report.Checks[1].Error);
    }

    [Fact]
    public async Task RealtimeLeftUnconfiguredIsReportedAsSuchAndStaysHealthy()
    {
        var report = await Probe([]).RunAsync([new WebPubSubCheck(_http, endpoint: null)]);

        Assert.True(report.IsHealthy);
        Assert.Equal(DependencyStatus.NotConfigured, Assert.Single(report.Checks).Status);
    }

    [Fact]
    public async Task CallersShareOneRunUntilItIsStale()
    {
        var probe = Probe([new WebPubSubCheck(_http, new Uri($"http://127.0.0.1:{_closedPort}/"))]);

        var first = await probe.GetAsync(() => [], CancellationToken.None);
        var again = await probe.GetAsync(() => [], CancellationToken.None);
        await Task.Delay(HealthProbe.UnhealthyFor + TimeSpan.FromMilliseconds(100));
        var later = await probe.GetAsync(() => [], CancellationToken.None);

        Assert.False(first.IsHealthy);
        Assert.Same(first, again);
        Assert.NotSame(first, later);
        Assert.True(later.CheckedAt > first.CheckedAt);
    }

    private HealthProbe Probe(IEnumerable<IDependencyCheck> checks) =>
        new(checks, new CoBrowseMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLogger<HealthProbe>.Instance);

    private static int ClosedPort() => FreePorts.Take(1)[0];
}
