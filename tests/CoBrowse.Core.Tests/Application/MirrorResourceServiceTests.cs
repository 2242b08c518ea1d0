using CoBrowse.Core.Application;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Security;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tests.Fakes;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Tests.Application;

public class MirrorResourceServiceTests
{
    private readonly ServiceHarness _h = new();
    private readonly MirrorResourceService _resources;

    public MirrorResourceServiceTests() => _resources = new MirrorResourceService(_h.Sessions, _h.Tenants, _h.Timeline, _h.Clock);

    [Fact]
    public async Task TheConsoleLearnsItsTenantsOriginsAndOptIn()
    {
        var session = _h.SeedSession(SessionState.ViewOnly);
        await _h.TenantService.UpdateAsync(ServiceHarness.TenantId, new TenantUpdateRequest(AssetOrigins: ["https://CDN.acme.example"], AllowAnyHttpsAssets: true), CancellationToken.None);

        var policy = await _resources.PolicyForAsync(_h.Agent, session.SessionId, CancellationToken.None);

        Assert.Equal([ServiceHarness.Origin, "https://cdn.acme.example"], policy.Origins);
        Assert.True(policy.AnyHttps);
    }

    [Fact]
    public async Task AnotherTenantsAgentAndAReportingOnlyAgentAreRefused()
    {
        var session = _h.SeedSession(SessionState.ViewOnly);
        var stranger = new AgentPrincipal("other", ServiceHarness.AgentId, new HashSet<string>(StringComparer.Ordinal) { AgentRoles.Agent, AgentRoles.Supervisor });
        var reporter = new AgentPrincipal(ServiceHarness.TenantId, "analyst", new HashSet<string>(StringComparer.Ordinal) { AgentRoles.Reporting });
        var report = new HeldBackReport([new ReportedHost("evil.example", 1)]);

        var notFound = await ServiceHarness.ProblemAsync(() => _resources.PolicyForAsync(stranger, session.SessionId, CancellationToken.None));
        var notFoundReport = await ServiceHarness.ProblemAsync(() => _resources.RecordHeldBackAsync(stranger, session.SessionId, report, CancellationToken.None));
        var forbidden = await ServiceHarness.ProblemAsync(() => _resources.PolicyForAsync(reporter, session.SessionId, CancellationToken.None));

        Assert.Equal(ProblemKind.NotFound, notFound.Kind);
        Assert.Equal(ProblemKind.NotFound, notFoundReport.Kind);
        Assert.Equal(ProblemKind.Forbidden, forbidden.Kind);
        Assert.Empty(_h.Timeline.Events);
    }

    [Fact]
    public async Task ReportsOfOneAgentKeepOneEventDatedByTheFirstAndTheSummaryCarriesTheHosts()
    {
        var session = _h.SeedSession(SessionState.ViewOnly);
        var first = _h.Now;

        await _resources.RecordHeldBackAsync(_h.Agent, session.SessionId, new([new ReportedHost("beacon.example", 3)]), CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromSeconds(40));
        await _resources.RecordHeldBackAsync(_h.Agent, session.SessionId, new([new ReportedHost("beacon.example", 8), new ReportedHost("cdn.other.example", 2)]), CancellationToken.None);

        var recorded = Assert.Single(_h.Timeline.Events);
        Assert.Equal(TimelineEventType.ResourcesHeldBack, recorded.Type);
        Assert.Equal(Actor.Agent(ServiceHarness.AgentId), recorded.Actor);
        Assert.Equal(first, recorded.At);
        Assert.Equal([new HeldBackHost("beacon.example", 8), new HeldBackHost("cdn.other.example", 2)], recorded.HeldBackHosts);
        var summary = Assert.Single(SessionActivity.Summarize(_h.Timeline.Events, _h.Now));
        Assert.Equal(recorded.HeldBackHosts, summary.HeldBackHosts);
    }
}
