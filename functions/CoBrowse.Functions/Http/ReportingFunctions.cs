using System.Globalization;
using CoBrowse.Core.Reporting;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>
/// The tenant's reports: metrics over a range of UTC days, the sessions of those days as CSV, and an external
/// contact's co-browse history. A tenant API key or an agent token with the reporting or supervisor role.
/// </summary>
public sealed class ReportingFunctions(RequestAuthenticator auth, ReportingService reports, ILogger<ReportingFunctions> logger)
{
    [Function("Reports_Metrics")]
    public Task<IActionResult> Metrics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reports/metrics")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            ReportingService.RequireReporter(caller);
            var range = ReportRange.Parse(request.Query["from"], request.Query["to"]);
            var groupBy = MetricsAggregator.ParseGrouping(request.Query["groupBy"]);
            var csv = request.Query["format"].ToString() switch
            {
                "" or "json" => false,
                "csv" => true,
                _ => throw CoBrowseProblemException.BadRequest("'format' must be 'json' or 'csv'."),
            };
            var report = await reports.MetricsAsync(caller, range, groupBy, request.HttpContext.RequestAborted);
            return csv
                ? new CsvFileResult(ReportCsv.Metrics(report), FileName($"cobrowse-metrics-by-{ReportCsv.Camel(groupBy.ToString())}", range))
                : ApiResults.Ok(MetricsResponse.Of(report));
        });

    [Function("Reports_SessionsCsv")]
    public Task<IActionResult> SessionsCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reports/sessions.csv")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            ReportingService.RequireReporter(caller);
            var range = ReportRange.Parse(request.Query["from"], request.Query["to"]);
            var sessions = await reports.SessionsAsync(caller, range, request.HttpContext.RequestAborted);
            return new CsvFileResult(ReportCsv.Sessions(sessions), FileName("cobrowse-sessions", range));
        });

    [Function("Contacts_CobrowseSessions")]
    public Task<IActionResult> ContactHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/contacts/{externalContactId}/cobrowse-sessions")] HttpRequest request,
        string externalContactId) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var caller = await auth.AuthenticateAsync(request);
            var pageSize = request.Query["pageSize"].ToString() is { Length: > 0 } text
                ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw CoBrowseProblemException.BadRequest("'pageSize' must be a number.")
                : (int?)null;
            var token = request.Query["continuationToken"].ToString() is { Length: > 0 } t ? t : null;
            var page = await reports.ContactHistoryAsync(caller, externalContactId, token, pageSize, request.HttpContext.RequestAborted);
            return ApiResults.Ok(new ContactHistoryResponse(externalContactId, page.Sessions.Select(SessionView.From).ToList(), page.ContinuationToken));
        });

    private static string FileName(string prefix, ReportRange range) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{range.From:yyyy-MM-dd}-to-{range.To:yyyy-MM-dd}.csv");
}
