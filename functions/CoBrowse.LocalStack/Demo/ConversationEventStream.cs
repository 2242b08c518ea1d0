using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace CoBrowse.LocalStack.Demo;

/// <summary>
/// Writes a conversation as Server-Sent Events: the stored messages after the client's position, then live ones,
/// each flushed at once (<c>id: seq</c>, <c>data: message JSON</c>), with a comment heartbeat so proxies and
/// browsers keep an idle stream open. Ends when the client goes away or the conversation closes the stream.
/// </summary>
public sealed class ConversationEventStream(TimeSpan heartbeat)
{
    /// <summary>Where the client resumes: its Last-Event-ID (set by EventSource on a reconnect) wins over <c>?after=</c>.</summary>
    public static long ResumePosition(HttpRequest request)
    {
        foreach (var candidate in new[] { request.Headers["Last-Event-ID"].ToString(), request.Query["after"].ToString() })
        {
            if (candidate.Length == 0)
            {
                continue;
            }

            return long.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? seq
                : throw DemoProblemException.BadRequest("'after' and Last-Event-ID must be a message seq (a non-negative integer).");
        }

        return 0;
    }

    /// <param name="stopping">The app is shutting down: end the stream rather than hold up the shutdown.</param>
    public async Task WriteAsync(HttpContext context, Conversation conversation, long after, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var aborted = linked.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var subscription = conversation.Subscribe(after);
        try
        {
            // Tell EventSource to come back quickly after a cut, and send the headers now.
            await WriteRawAsync(response, "retry: 2000\n\n", aborted);
            var lastSent = after;
            foreach (var message in subscription.Replay)
            {
                await WriteEventAsync(response, message, aborted);
                lastSent = message.Seq;
            }

            var waiting = subscription.Live.WaitToReadAsync(aborted).AsTask();
            while (true)
            {
                var beat = Task.Delay(heartbeat, aborted);
                if (await Task.WhenAny(waiting, beat) == beat)
                {
                    await beat;
                    await WriteRawAsync(response, ": heartbeat\n\n", aborted);
                    continue;
                }

                if (!await waiting)
                {
                    return;
                }

                while (subscription.Live.TryRead(out var message))
                {
                    // Replay and live never overlap (one lock); this only guards a client that resumes ahead of the store.
                    if (message.Seq > lastSent)
                    {
                        await WriteEventAsync(response, message, aborted);
                        lastSent = message.Seq;
                    }
                }

                waiting = subscription.Live.WaitToReadAsync(aborted).AsTask();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client closed the stream, or the local stack is stopping.
        }
    }

    private static Task WriteEventAsync(HttpResponse response, ConversationMessage message, CancellationToken cancellationToken) =>
        WriteRawAsync(
            response,
            $"id: {message.Seq.ToString(CultureInfo.InvariantCulture)}\ndata: {JsonSerializer.Serialize(message, DemoJson.Options)}\n\n",
            cancellationToken);

    private static async Task WriteRawAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
