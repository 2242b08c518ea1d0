using CoBrowse.Infrastructure.Retention;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>
/// Retention: a daily timer (03:00 UTC) purges what is older than each tenant's retention; operators and tests run the
/// same purge now with the admin key. Both only call <see cref="RetentionService"/>.
/// </summary>
public sealed partial class RetentionFunctions(RequestAuthenticator auth, RetentionService retention, ILogger<RetentionFunctions> logger)
{
    /// <summary>NCRONTAB with seconds: every day at 03:00 UTC.</summary>
    public const string DailySchedule = "0 0 3 * * *";

    [Function("Retention_Daily")]
    public async Task Daily([TimerTrigger(DailySchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await retention.RunAsync(cancellationToken);
        LogPurged(logger, report.Tenants.Count, report.Tenants.Sum(t => t.Deleted.Values.Sum()), timer.IsPastDue);
    }

    [Function("Admin_RunRetention")]
    public Task<IActionResult> RunNow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/admin/retention/run")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            auth.RequireAdmin(request);
            return ApiResults.Ok(await retention.RunAsync(request.HttpContext.RequestAborted));
        });

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Retention purged {Rows} rows across {Tenants} tenants (past due: {PastDue})")]
    private static partial void LogPurged(ILogger logger, int tenants, int rows, bool pastDue);
}
