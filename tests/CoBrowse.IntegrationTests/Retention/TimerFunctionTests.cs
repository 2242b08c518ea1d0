using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack.Functions;
using Microsoft.Extensions.DependencyInjection;

namespace CoBrowse.IntegrationTests.Retention;

/// <summary>
/// The local stack runs timer functions on their NCRONTAB schedule, as the host's timer extension does: the daily
/// retention timer is found, its schedule falls at 03:00 UTC, and one run of it purges a tenant's old rows.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class TimerFunctionTests(LocalStackFixture stack)
{
    private readonly CoBrowseApi _api = new(stack.CreateClient());

    [Theory]
    [InlineData("0 0 3 * * *", "2026-11-26T02:59:59Z", "2026-11-26T03:00:00Z")]
    [InlineData("0 0 3 * * *", "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z")]
    [InlineData("0 0 3 * * *", "2026-12-31T23:00:00Z", "2027-01-01T03:00:00Z")]
    [InlineData("*/15 * * * * *", "2026-11-26T10:00:07Z", "2026-11-26T10:00:15Z")]
    [InlineData("0 30 9 * * 1", "2026-11-26T12:00:00Z", "2026-11-30T09:30:00Z")]
    public void SchedulesFallWhereTheHostWouldPutThem(string expression, string after, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(expression).Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0 0 3 * *")]
    [InlineData("0 0 25 * * *")]
    public void SchedulesTheLocalStackCannotKeepAreRefused(string expression) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));

    [Fact]
    public async Task TheDailyRetentionTimerIsScheduledAtThreeAndARunPurgesOldRows()
    {
        var retention = Assert.Single(TimerFunction.DiscoverAll(), f => f.Name == "Retention_Daily");
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero), retention.Schedule.Next(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));

        var tenant = await _api.CreateTenantAsync();
        var admin = new Dictionary<string, string> { ["X-CoBrowse-Admin-Key"] = LocalStackFixture.AdminKey };
        (await _api.SendAsync(HttpMethod.Patch, $"/api/v1/admin/tenants/{tenant.TenantId}", body: new { retentionDays = 1 }, headers: admin)).AssertStatus(HttpStatusCode.OK);
        var old = DateTimeOffset.UtcNow - TimeSpan.FromDays(2);
        var session = new Session
        {
            TenantId = tenant.TenantId,
            SessionId = Identifiers.NewSessionId(),
            InteractionId = "call-timer-old",
            Channel = Channel.Voice,
            State = SessionState.Ended,
            CreatedAt = old,
            UpdatedAt = old,
            EndedAt = old,
            EndReason = EndReason.AgentEnded,
            OwnerAgentId = "alice",
            Version = 2,
        };
        await stack.Stack.Services.GetRequiredService<ISessionStore>().CreateAsync(session, CancellationToken.None);
        (await _api.GetAsync($"/api/v1/sessions/{session.SessionId}", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);

        await stack.Stack.Services.GetRequiredService<TimerFunctionScheduler>().RunOnceAsync(retention, CancellationToken.None);

        (await _api.GetAsync($"/api/v1/sessions/{session.SessionId}", tenant.ApiKey)).AssertProblem(HttpStatusCode.NotFound);
    }
}
