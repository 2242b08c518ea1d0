
namespace CoBrowse.Functions.Http;

/// <summary>Serves the OpenAPI description of the HTTP API, embedded in this assembly so it always ships with the routes it describes.</summary>
public sealed class OpenApiFunctions
{
    /// <summary>The manifest resource name of <c>openapi.json</c> (see the project file).</summary>
    public const string ResourceName = "CoBrowse.Functions.openapi.json";

    private static readonly Lazy<byte[]> Document = new(ReadDocument);

    [Function("OpenApi_Document")]
    public IActionResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/openapi.json")] HttpRequest request) =>
        new DocumentResult(Document.Value);

    /// <summary>The document's bytes as shipped.</summary>
    public static byte[] ReadDocument()
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes itself (no MVC executors needed), so the Functions host and the local stack send the same bytes.</summary>
    private sealed class DocumentResult(byte[] document) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.Headers.CacheControl = "no-store"; // like every function answer: the next deployment may change it
            await response.Body.WriteAsync(document, context.HttpContext.RequestAborted);
        }
    }
}
