using System.IO.Pipelines;
using System.Text.Json;
using CoBrowse.Functions.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace CoBrowse.LocalStack.Http;

/// <summary>
/// Every refusal of the local stack carries an RFC 7807 body, including the ones no function writes: Kestrel's own
/// answers to requests it cannot accept (there is no hook for their body, so the connection's output is rewritten,
/// see <see cref="RejectionRewritingWriter"/>), a body the server gives up on while a route reads it, and the
/// API's bodiless statuses (unknown route 404, wrong method 405, missing function key 401).
/// </summary>
public static class ProblemAnswers
{
    /// <summary>Kestrel: each connection's output goes through a <see cref="RejectionRewritingWriter"/>.</summary>
    public static KestrelServerOptions AnswerRejectionsWithProblems(this KestrelServerOptions kestrel)
    {
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            var requests = new ApplicationRequestFeature();
            connection.Features.Set(requests);
            var transport = connection.Transport;
            connection.Transport = new DuplexPipe(transport.Input, new RejectionRewritingWriter(transport.Output, requests, kestrel.Limits));
            return next(connection);
        }));
        return kestrel;
    }

    /// <summary>First in the pipeline: marks the request as the application's until its answer is complete, and
    /// answers a body the server gave up on (broken framing, too slow, too large) with a problem of its status.</summary>
    public static IApplicationBuilder UseProblemAnswers(this IApplicationBuilder app, string apiPath)
    {
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<ApplicationRequestFeature>() is { } requests)
            {
                requests.Enter();
                context.Response.OnCompleted(() =>
                {
                    requests.Leave();
                    return Task.CompletedTask;
                });
            }

            try
            {
                await next(context);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await WriteAsync(context, e.StatusCode, $"The request body could not be read: {e.Message}");
            }
        });
        app.UseWhen(context => context.Request.Path.StartsWithSegments(apiPath), api => api.UseStatusCodePages(context => AnswerBodilessAsync(context)));
        return app;
    }

    /// <summary>A status the API's routing (or the function-key check) set without a body.</summary>
    private static Task AnswerBodilessAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => "No route of this API matches this path.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed here; allowed: {http.Response.Headers.Allow}.",
            StatusCodes.Status401Unauthorized => "This function needs a function key (the x-functions-key header or the code query parameter).",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return WriteAsync(http, status, detail);
    }

    /// <summary>
    /// A problem of type <c>about:blank</c> (RFC 7807 §4.2: nothing beyond what the status says), so it is never
    /// mistaken for a function's answer, whose types are <c>https://cobrowse.dev/problems/…</c>.
    /// </summary>
    private static Task WriteAsync(HttpContext context, int status, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        var body = new ApiResults.ProblemBody(ServerRejectionProblem.Type, ReasonPhrases.GetReasonPhrase(status), status, detail, context.Request.Path.Value ?? string.Empty);
        return JsonSerializer.SerializeAsync(response.Body, body, ApiJson.Options, context.RequestAborted);
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
