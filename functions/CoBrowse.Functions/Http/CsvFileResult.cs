using System.Text;

namespace CoBrowse.Functions.Http;

/// <summary>A CSV download (<c>text/csv</c>, UTF-8 with a BOM so spreadsheets read accents right), named by <paramref name="fileName"/>.</summary>
public sealed class CsvFileResult(string csv, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
    }
}
