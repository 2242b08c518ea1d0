using System.Globalization;
using System.Text.Json;

namespace CoBrowse.Functions.Http;

/// <summary>Results that write themselves, so both the Functions host and the local stack produce the same bytes.</summary>
public static class ApiResults
{
    public static IActionResult Ok(object body) => new JsonBodyResult(StatusCodes.Status200OK, body, "application/json");

    public static IActionResult Created(object body) => new JsonBodyResult(StatusCodes.Status201Created, body, "application/json");

    public static IActionResult Accepted(object body) => new JsonBodyResult(StatusCodes.Status202Accepted, body, "application/json");

    public static IActionResult Json(int status, object body) => new JsonBodyResult(status, body, "application/json");

    /// <summary>RFC 7807 problem details.</summary>
    public static IActionResult Problem(HttpRequest request, int status, string title, string detail, TimeSpan? retryAfter = null) =>
        new JsonBodyResult(
            status,
            new ProblemBody($"https://cobrowse.dev/problems/{status}", title, status, detail, request.Path.Value ?? string.Empty),
            "application/problem+json",
            retryAfter);

    public sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Instance);

    private sealed class JsonBodyResult(int status, object body, string contentType, TimeSpan? retryAfter = null) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.Headers.CacheControl = "no-store";
            if (retryAfter is { } wait)
            {
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), ApiJson.Options, context.HttpContext.RequestAborted);
        }
    }
}
