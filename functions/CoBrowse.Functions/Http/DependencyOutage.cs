using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>
/// Tells a dependency that is down or not answering (storage unreachable, its retries spent, a timeout) from a bug,
/// so callers get a 503 they can retry instead of a 500, and the log says which it was.
/// </summary>
public static partial class DependencyOutage
{
    /// <summary>What the caller is told to wait; storage usually comes back within seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True for failures to reach a dependency: refused or reset connections, timeouts, and 408/429/5xx answers from
    /// storage — also when the SDK's retries wrap them in an <see cref="AggregateException"/> or the durable engine
    /// in its own exception. A 4xx the service meant (a conflict, a missing row) is not an outage.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        Azure.RequestFailedException => false,
        // A malformed request body is the caller's fault, even though Kestrel reports it as an IOException.
        Microsoft.AspNetCore.Http.BadHttpRequestException => false,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        // Not the caller's (a caller who went away is answered 499 first): a dependency's request timed out.
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        { InnerException: { } inner } => IsOutage(inner),
        _ => false,
    };

    public static IActionResult Problem(HttpRequest request, ILogger logger, Exception exception)
    {
        LogOutage(logger, exception.GetType().Name, request.Path, exception.GetBaseException().Message);
        return ApiResults.Problem(
            request,
            StatusCodes.Status503ServiceUnavailable,
            "Service unavailable",
            "A dependency of the service is not answering. Try again shortly.",
            RetryAfter);
    }

    [LoggerMessage(EventId = 1010, EventName = "DependencyOutage", Level = LogLevel.Warning, Message = "Dependency outage ({ExceptionType}) handling {Path}: {Reason}")]
    private static partial void LogOutage(ILogger logger, string exceptionType, PathString path, string reason);
}
