using System.Text.Json;
using CoBrowse.Infrastructure.WebPubSub;

namespace CoBrowse.Functions.Realtime;

/// <summary>Writes an upstream answer itself (status, connection state, JSON or short text), so both hosts send the same bytes.</summary>
public sealed class UpstreamResult(UpstreamReply reply, string? allowedOrigin = null) : IActionResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static UpstreamResult AbuseProtection(AbuseProtectionAnswer answer) => new(new UpstreamReply(answer.Status), answer.AllowedOrigin);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = reply.Status;
        response.Headers.CacheControl = "no-store";
        if (allowedOrigin is not null)
        {
            response.Headers["WebHook-Allowed-Origin"] = allowedOrigin;
        }

        if (reply.ConnectionState is not null)
        {
            response.Headers[RealtimeConnectionState.Header] = reply.ConnectionState;
        }

        if (reply.Connect is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, reply.Connect, Json, context.HttpContext.RequestAborted);
        }
        else if (reply.Text is not null)
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(reply.Text, context.HttpContext.RequestAborted);
        }
    }
}
