using System.Text.Json;
using CoBrowse.Core.Application;
using CoBrowse.Functions.Observability;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

/// <summary>Runs a handler and turns every failure into problem details; nothing else leaks to the caller.</summary>
public static partial class Api
{
    private const long MaxBodyBytes = 64 * 1024;

    public static async Task<IActionResult> HandleAsync(HttpRequest request, ILogger logger, Func<Task<IActionResult>> handler)
    {
        // Every line logged during the call (ours, the services', the stores') carries the operation and ids.
        using var scope = logger.BeginScope(RequestLogScope.For(request));
        try
        {
            RequireShortPathSegments(request);
            return await handler();
        }
        catch (CoBrowseProblemException problem)
        {
            RefusalTelemetry.Report(request, logger, StatusOf(problem.Kind), problem);
            return ApiResults.Problem(request, StatusOf(problem.Kind), problem.Title, problem.Message, problem.RetryAfter);
        }
        catch (BadHttpRequestException e)
        {
            // The server gave up on the body itself: broken chunk framing (400), data too slow (408), over its limit (413).
            return ApiResults.Problem(request, e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), $"The request body could not be read: {e.Message}");
        }
        catch (Exception e) when (e is OperationCanceledException && request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return ApiResults.Problem(request, 499, "Client closed request", "The caller went away.");
        }
        catch (Exception e) when (DependencyOutage.IsOutage(e))
        {
            return DependencyOutage.Problem(request, logger, e);
        }
        catch (Exception e)
        {
            LogUnexpected(logger, e, request.Path);
            return ApiResults.Problem(request, StatusCodes.Status500InternalServerError, "Unexpected error", $"Something went wrong; trace id {request.HttpContext.TraceIdentifier}.");
        }
    }

    /// <summary>Reads a JSON body, refusing oversized ones with 413 and empty or malformed ones with 400.</summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        try
        {
            using var limited = new MemoryStream();
            await CopyLimitedAsync(request.Body, limited, request.HttpContext.RequestAborted);
            limited.Position = 0;
            if (limited.Length == 0)
            {
                throw CoBrowseProblemException.BadRequest("A JSON body is required.");
            }

            return await JsonSerializer.DeserializeAsync<T>(limited, ApiJson.Options, request.HttpContext.RequestAborted)
                ?? throw CoBrowseProblemException.BadRequest("A JSON object is required.");
        }
        catch (JsonException e)
        {
            throw CoBrowseProblemException.BadRequest($"The body is not valid JSON for this request: {e.Message}");
        }
    }

    /// <summary>Reads an optional JSON body: empty means defaults.</summary>
    public static async Task<T> ReadOptionalBodyAsync<T>(HttpRequest request)
        where T : class, new() =>
        request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()
            ? new T()
            : await ReadBodyAsync<T>(request);

    private static async Task CopyLimitedAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (target.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>
    /// Ids in the path are at most <see cref="Identifiers.MaxLength"/> characters at every route, refused before any
    /// credential check or lookup (a longer session id would otherwise simply not be found).
    /// </summary>
    private static void RequireShortPathSegments(HttpRequest request)
    {
        var longest = (request.Path.Value ?? string.Empty).Split('/').Max(segment => segment.Length);
        if (longest > Identifiers.MaxLength)
        {
            throw CoBrowseProblemException.BadRequest($"Ids in the path are at most {Identifiers.MaxLength} characters; this one has {longest}.");
        }
    }

    private static CoBrowseProblemException TooLarge() =>
        CoBrowseProblemException.PayloadTooLarge($"The body is larger than {MaxBodyBytes} bytes (64 KiB), the limit of every request body of this API.");

    private static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.BadRequest => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.Gone => StatusCodes.Status410Gone,
        ProblemKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unexpected failure handling {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, PathString path);
}
