using System.Text.Json;
using CoBrowse.Infrastructure.Health;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

public sealed class HealthFunctions(HealthProbe probe, ILogger<HealthFunctions> logger)
{
    /// <summary>
    /// Anonymous dependency check: Table Storage, Web PubSub and the durable task hub, each with its latency; 200
    /// when all answer, 503 naming the one that did not. Results are shared for a few seconds (see
    /// <see cref="HealthProbe"/>), so calling it often costs the dependencies nothing more.
    /// </summary>
    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/health")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        Api.HandleAsync(request, logger, async () =>
        {
            var report = await probe.GetAsync(() => [new DurableTaskHubCheck(durable)], request.HttpContext.RequestAborted);
            var body = new HealthResponse(
                report.IsHealthy ? "healthy" : "unhealthy",
                report.CheckedAt,
                report.Checks.ToDictionary(c => c.Name, c => new DependencyHealthView(JsonNamingPolicy.CamelCase.ConvertName(c.Status.ToString()), c.LatencyMs, c.Error)));
            return ApiResults.Json(report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body);
        });
}
