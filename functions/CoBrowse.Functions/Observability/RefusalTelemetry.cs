using CoBrowse.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Observability;

/// <summary>
/// Logs and counts the calls answered with a problem: 429 (rate limited) as a warning, 401/403 as information,
/// the rest at debug. Only the status and the fixed title are logged: the detail can echo what the caller sent.
/// </summary>
public static partial class RefusalTelemetry
{
    public static void Report(HttpRequest request, ILogger logger, int status, CoBrowseProblemException problem)
    {
        var operation = RequestLogScope.OperationOf(request.HttpContext);
        // A path (no function name known) would make one metric series per session id: counted as "unknown".
        var metricOperation = operation.StartsWith('/') ? "unknown" : operation;
        request.HttpContext.RequestServices?.GetService<CoBrowseMetrics>()?.RequestRefused(metricOperation, status);
        switch (status)
        {
            case StatusCodes.Status429TooManyRequests:
                LogRateLimited(logger, operation, (long)Math.Ceiling((problem.RetryAfter ?? TimeSpan.Zero).TotalSeconds));
                break;
            case StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden:
                LogDenied(logger, operation, status, problem.Title);
                break;
            default:
                LogRefused(logger, operation, status, problem.Title);
                break;
        }
    }

    [LoggerMessage(EventId = 1001, EventName = "RateLimited", Level = LogLevel.Warning, Message = "{Operation} rate limited: retry after {RetryAfterSeconds} s")]
    private static partial void LogRateLimited(ILogger logger, string operation, long retryAfterSeconds);

    [LoggerMessage(EventId = 1002, EventName = "RequestDenied", Level = LogLevel.Information, Message = "{Operation} denied with {Status}: {Title}")]
    private static partial void LogDenied(ILogger logger, string operation, int status, string title);

    [LoggerMessage(EventId = 1003, EventName = "RequestRefused", Level = LogLevel.Debug, Message = "{Operation} refused with {Status}: {Title}")]
    private static partial void LogRefused(ILogger logger, string operation, int status, string title);
}
