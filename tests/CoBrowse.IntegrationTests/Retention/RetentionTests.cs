using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;
using CoBrowse.Infrastructure.Retention;
using CoBrowse.Infrastructure.Storage;
using CoBrowse.IntegrationTests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Retention;

/// <summary>
/// The retention purge over rows that real sessions wrote in the local stack: with the clock moved past tenant A's
/// retention, A's ended sessions and everything around them go, while A's running and recent sessions and all of
/// tenant B's rows stay. The admin route runs the same purge now.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RetentionTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());
    private readonly CoBrowseTables _tables = stack.Stack.Services.GetRequiredService<CoBrowseTables>();

    [Fact]
    public async Task PastTheRetentionOfTenantAOnlyItsOldRowsGoAndTenantBKeepsEverything()
    {
        var a = await CreateTenantAsync(retentionDays: 1);
        var b = await CreateTenantAsync(retentionDays: 30);
        var agentA = await _api.AgentTokenAsync(a, "alice");
        var agentB = await _api.AgentTokenAsync(b, "bob");
        var (endedVoice, _) = await _api.StartVoiceSessionAsync(a, agentA, "call-ret-a1");
        (await _api.PostAsync($"/api/v1/sessions/{endedVoice}/end", agentA)).AssertStatus(HttpStatusCode.OK);
        var (endedChat, chatCustomer) = await _api.StartOfferSessionAsync(a, agentA, "chat-ret-a2", "webChat");
        (await _api.PostAsync($"/api/v1/sessions/{endedChat}/end", chatCustomer)).AssertStatus(HttpStatusCode.OK);
        var (running, _) = await _api.StartVoiceSessionAsync(a, agentA, "call-ret-a3");
        (await _api.RedeemAsync(a, "000000", clientAddress: "198.51.100.77")).AssertProblem(HttpStatusCode.NotFound);
        var (endedB, _) = await _api.StartVoiceSessionAsync(b, agentB, "call-ret-b1");
        (await _api.PostAsync($"/api/v1/sessions/{endedB}/end", agentB)).AssertStatus(HttpStatusCode.OK);
        await WaitForFactsAsync(a.TenantId, 2);
        await WaitForFactsAsync(b.TenantId, 1);

        var later = DateTimeOffset.UtcNow + TimeSpan.FromDays(2);
        await _api.WaitForStateAsync(agentA, endedChat, "ended", TimeSpan.FromSeconds(10));
        var recent = await InsertEndedSessionAsync(a.TenantId, "call-ret-recent", createdAt: later - TimeSpan.FromHours(1));
        var bBefore = await CountTenantRowsAsync(b.TenantId);
        var aAttemptsBefore = await CountAsync(_tables.Attempts, AttemptsOf(a.TenantId));
        Assert.True(aAttemptsBefore >= 3, $"redeems and a wrong key should have left attempt counters, found {aAttemptsBefore}");

        var report = await new RetentionService(_tables, new FixedClock(later), new RetentionOptions(BatchSize: 3)).RunAsync(CancellationToken.None);

        var purgedA = Assert.Single(report.Tenants, t => t.TenantId == a.TenantId);
        Assert.Equal(2, purgedA.Deleted["sessions"]);
        Assert.True(purgedA.Deleted["timeline"] >= 6, $"timeline rows deleted: {purgedA.Deleted["timeline"]}");
        Assert.Equal(2, purgedA.Deleted["securityKeys"]);
        Assert.Equal(1, purgedA.Deleted["offers"]);
        Assert.True(purgedA.Deleted["sessionFacts"] >= 2, $"facts rows deleted: {purgedA.Deleted["sessionFacts"]}");
        Assert.All(report.Tenants.Single(t => t.TenantId == b.TenantId).Deleted.Values, n => Assert.Equal(0, n));

        (await _api.GetAsync($"/api/v1/sessions/{endedVoice}", a.ApiKey)).AssertProblem(HttpStatusCode.NotFound);
        (await _api.GetAsync($"/api/v1/sessions/{endedChat}", a.ApiKey)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(await _api.TimelineAsync(a.ApiKey, "call-ret-a1"));
        Assert.Empty(await _api.TimelineAsync(a.ApiKey, "chat-ret-a2"));
        Assert.Equal("viewOnly", (await _api.SessionAsync(a.ApiKey, running))["state"]!.GetValue<string>());
        Assert.Equal("ended", (await _api.SessionAsync(a.ApiKey, recent))["state"]!.GetValue<string>());
        Assert.NotEmpty(await _api.TimelineAsync(a.ApiKey, "call-ret-recent"));
        var today = TableSessionFactsStore.PartitionOf(a.TenantId, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Equal(0, await CountAsync(_tables.SessionFacts, TableClient.CreateQueryFilter($"PartitionKey eq {today}")));
        Assert.Equal(1, await CountAsync(_tables.Attempts, AttemptsOf(a.TenantId))); // the running total stays
        Assert.Equal(bBefore, await CountTenantRowsAsync(b.TenantId));
        Assert.Equal("ended", (await _api.SessionAsync(b.ApiKey, endedB))["state"]!.GetValue<string>());

        // A second run finds nothing more.
        var again = await new RetentionService(_tables, new FixedClock(later), new RetentionOptions()).RunAsync(CancellationToken.None);
        Assert.All(again.Tenants.Single(t => t.TenantId == a.TenantId).Deleted.Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task TheAdminRouteRunsThePurgeNowAndNeedsTheAdminKey()
    {
        var tenant = await CreateTenantAsync(retentionDays: 1);
        var agent = await _api.AgentTokenAsync(tenant, "alice");
        var (fresh, _) = await _api.StartVoiceSessionAsync(tenant, agent, "call-ret-fresh");
        (await _api.PostAsync($"/api/v1/sessions/{fresh}/end", agent)).AssertStatus(HttpStatusCode.OK);
        var old = await InsertEndedSessionAsync(tenant.TenantId, "call-ret-old", createdAt: DateTimeOffset.UtcNow - TimeSpan.FromDays(3));

        (await _api.PostAsync("/api/v1/admin/retention/run")).AssertProblem(HttpStatusCode.Unauthorized);
        (await _api.PostAsync("/api/v1/admin/retention/run", tenant.ApiKey)).AssertProblem(HttpStatusCode.Unauthorized);
        var report = (await _api.PostAsync("/api/v1/admin/retention/run", headers: AdminHeaders)).AssertStatus(HttpStatusCode.OK).Body!;

        var mine = report["tenants"]!.AsArray().Single(t => t!["tenantId"]!.GetValue<string>() == tenant.TenantId)!;
        Assert.Equal((1, 1), (mine["retentionDays"]!.GetValue<int>(), mine["deleted"]!["sessions"]!.GetValue<int>()));
        (await _api.GetAsync($"/api/v1/sessions/{old}", tenant.ApiKey)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(await _api.TimelineAsync(tenant.ApiKey, "call-ret-old"));
        Assert.Equal("ended", (await _api.SessionAsync(tenant.ApiKey, fresh))["state"]!.GetValue<string>());
        Assert.NotEmpty(await _api.TimelineAsync(tenant.ApiKey, "call-ret-fresh"));
    }

    private static Dictionary<string, string> AdminHeaders => new() { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };

    private async Task<TestTenant> CreateTenantAsync(int retentionDays)
    {
        var tenant = await _api.CreateTenantAsync();
        (await _api.SendAsync(HttpMethod.Patch, $"/api/v1/admin/tenants/{tenant.TenantId}", body: new { retentionDays }, headers: AdminHeaders)).AssertStatus(HttpStatusCode.OK);
        return tenant;
    }

    /// <summary>An ended session written as if it had run at <paramref name="createdAt"/> (the stack's own clock is real).</summary>
    private async Task<string> InsertEndedSessionAsync(string tenantId, string interactionId, DateTimeOffset createdAt)
    {
        var session = new Session
        {
            TenantId = tenantId,
            SessionId = Identifiers.NewSessionId(),
            InteractionId = interactionId,
            Channel = Channel.Voice,
            State = SessionState.Ended,
            CreatedAt = createdAt,
            UpdatedAt = createdAt + TimeSpan.FromMinutes(5),
            StartedAt = createdAt + TimeSpan.FromMinutes(1),
            EndedAt = createdAt + TimeSpan.FromMinutes(5),
            EndReason = EndReason.AgentEnded,
            EndedBy = Actor.Agent("alice"),
            OwnerAgentId = "alice",
            Version = 3,
        };
        await stack.Stack.Services.GetRequiredService<ISessionStore>().CreateAsync(session, CancellationToken.None);
        await stack.Stack.Services.GetRequiredService<ITimelineStore>().RecordAsync(TimelineEvent.For(session, TimelineEventType.SessionEnded, Actor.Agent("alice")), CancellationToken.None);
        return session.SessionId;
    }

    private async Task WaitForFactsAsync(string tenantId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await CountAsync(_tables.SessionFacts, InRange(tenantId)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the report facts of {tenantId} never reached {count}");
            await Task.Delay(200);
        }
    }

    private async Task<int> CountTenantRowsAsync(string tenantId) =>
        await CountAsync(_tables.Sessions, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"))
        + await CountAsync(_tables.Timeline, InRange(tenantId))
        + await CountAsync(_tables.SecurityKeys, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"))
        + await CountAsync(_tables.Offers, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"))
        + await CountAsync(_tables.SessionFacts, InRange(tenantId))
        + await CountAsync(_tables.Attempts, AttemptsOf(tenantId));

    private static string InRange(string tenantId) => TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"}");

    private static string AttemptsOf(string tenantId) => TableClient.CreateQueryFilter($"PartitionKey ge {$"key-fail.{tenantId}."} and PartitionKey lt {$"key-fail.{tenantId}/"}");

    private static async Task<int> CountAsync(TableClient table, string filter)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }
}

/// <summary>A clock standing at one instant: "two days from now" for the purge.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
