using CoBrowse.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Functions.Http;

public sealed class HealthFunctions(CoBrowseTables tables, ILogger<HealthFunctions> logger)
{
    /// <summary>Anonymous liveness and dependency check: 200 when Table Storage answers, 503 otherwise.</summary>
    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/health")] HttpRequest request) =>
        Api.HandleAsync(request, logger, async () =>
        {
            string storage;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await tables.Tenants.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token);
                storage = "ok";
            }
            catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or AggregateException)
            {
                storage = "unreachable";
            }

            var healthy = storage == "ok";
            var body = new HealthResponse(healthy ? "healthy" : "unhealthy", new Dictionary<string, string> { ["tableStorage"] = storage });
            return ApiResults.Json(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body);
        });
}
