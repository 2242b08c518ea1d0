using System.Text.Json;

namespace CoBrowse.LocalStack.Demo;

/// <summary>Reads a small JSON request body: oversized is a 413; malformed, with unknown or repeated properties a 400.</summary>
public static class DemoRequestBody
{
    /// <summary>Far above any valid demo request (a 2,000-character message); keeps a stray upload out of memory.</summary>
    private const int MaxBytes = 16 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            throw DemoProblemException.PayloadTooLarge($"The body must be at most {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw DemoProblemException.PayloadTooLarge($"The body must be at most {MaxBytes} bytes.");
            }
        }

        if (buffer.Length == 0)
        {
            throw DemoProblemException.BadRequest("A JSON body is required.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.ToArray(), DemoJson.Options)
                ?? throw DemoProblemException.BadRequest("A JSON object is required.");
        }
        catch (JsonException error)
        {
            throw DemoProblemException.BadRequest($"The body is not valid JSON for this request: {error.Message}");
        }
    }
}
