using CoBrowse.Functions.Observability;
using CoBrowse.Infrastructure.Lifecycle;
using CoBrowse.Infrastructure.Observability;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Realtime;

/// <summary>
/// The Web PubSub event handler (CloudEvents over HTTP). The URL carries a function key, and every event must also
/// carry a valid <c>ce-signature</c>; OPTIONS is the service's abuse-protection handshake.
/// </summary>
public sealed partial class UpstreamFunctions(UpstreamRequestValidator validator, UpstreamEventDispatcher dispatcher, CoBrowseMetrics metrics, ILogger<UpstreamFunctions> logger)
{
    private const int MaxBodyBytes = 64 * 1024;

    [Function("Realtime_Upstream")]
    public async Task<IActionResult> Upstream(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "v1/realtime/upstream")] HttpRequest request,
        [DurableClient] DurableTaskClient durable)
    {
        if (HttpMethods.IsOptions(request.Method))
        {
            return UpstreamResult.AbuseProtection(validator.AnswerAbuseProtection(request.Headers["WebHook-Request-Origin"].FirstOrDefault()));
        }

        if (!validator.IsSigned(request.Headers["ce-connectionId"].FirstOrDefault(), request.Headers["ce-signature"].FirstOrDefault()))
        {
            LogUnsigned(logger, request.Headers["ce-type"].FirstOrDefault() ?? "?");
            return new UpstreamResult(UpstreamReply.Unauthorized("invalid signature"));
        }

        // Signed, so these headers come from the service; every line logged for this event carries them.
        var scope = UpstreamLogScope.For(request);
        using var logScope = logger.BeginScope(scope);
        try
        {
            if (await ReadBodyAsync(request) is not { } body)
            {
                return new UpstreamResult(new UpstreamReply(StatusCodes.Status413PayloadTooLarge, Text: $"The event body is larger than {MaxBodyBytes} bytes."));
            }

            var upstreamEvent = UpstreamEventParser.Parse(request.Headers, request.ContentType, body);
            UpstreamLogScope.AddParticipant(scope, upstreamEvent);
            var reply = await dispatcher.DispatchAsync(upstreamEvent, new DurableSessionSignals(durable), request.HttpContext.RequestAborted);
            if (upstreamEvent is ConnectEvent && reply.Status == StatusCodes.Status401Unauthorized)
            {
                metrics.ConnectRefused(reply.Text ?? "refused");
            }

            return new UpstreamResult(reply);
        }
        catch (UpstreamEventFormatException e)
        {
            return new UpstreamResult(UpstreamReply.BadRequest(e.Message));
        }
        catch (BadHttpRequestException e)
        {
            return new UpstreamResult(new UpstreamReply(e.StatusCode, Text: $"The event body could not be read: {e.Message}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
            return new UpstreamResult(new UpstreamReply(StatusCodes.Status500InternalServerError, Text: "internal error"));
        }
    }

    /// <summary>The body, or null when it is over the limit.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new ReadOnlyMemory<byte>(buffer.ToArray());
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "Rejected an upstream {EventType} request without a valid signature")]
    private static partial void LogUnsigned(ILogger logger, string eventType);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Error, Message = "Handling an upstream event failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
