using System.Globalization;
using System.Text;
using System.Text.Json;
using CoBrowse.Functions.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CoBrowse.LocalStack.Http;

/// <summary>
/// Turns Kestrel's own answer to a request it could not accept (an HTTP/1.x status line, <c>Content-Length: 0</c>,
/// nothing after the head) into the same answer with an RFC 7807 body that says which limit or rule was hit.
/// Anything else is left alone.
/// </summary>
public static class ServerRejectionProblem
{
    /// <summary>The problem type of answers the server gives before any function runs (RFC 7807 §4.2).</summary>
    public const string Type = "about:blank";

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>The rewritten answer, or null when <paramref name="answer"/> is not a bodiless HTTP/1.x refusal.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> answer, KestrelServerLimits limits)
    {
        var headEnd = answer.IndexOf(HeadEnd);
        if (headEnd < 0 || headEnd + HeadEnd.Length != answer.Length || !answer.StartsWith("HTTP/1."u8))
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(answer[..headEnd]).Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400)
        {
            return null;
        }

        var headers = lines.Skip(1).ToList();
        if (!headers.Any(h => h.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var title = statusLine.Length > 2 ? statusLine[2] : $"Status {status}";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ApiResults.ProblemBody(Type, title, status, Detail(status, limits), string.Empty), ApiJson.Options);
        var head = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var header in headers.Where(h => !h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("Content-Type: application/problem+json\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    /// <summary>What was wrong, with the server's exact limits (Kestrel does not say which rule a 400 broke).</summary>
    private static string Detail(int status, KestrelServerLimits limits) => status switch
    {
        StatusCodes.Status400BadRequest =>
            "The server could not read this request: a NUL in the path, a header that is malformed or not UTF-8, " +
            "conflicting or invalid lengths, a missing Host header or a request line that is not HTTP. Nothing was done.",
        StatusCodes.Status408RequestTimeout => "The request headers did not arrive in time.",
        StatusCodes.Status411LengthRequired => "A request with a body needs a Content-Length or chunked transfer encoding.",
        StatusCodes.Status413PayloadTooLarge => FormattableString.Invariant($"The request body is larger than the server's limit of {limits.MaxRequestBodySize} bytes."),
        StatusCodes.Status414UriTooLong => FormattableString.Invariant(
            $"The request line (method, path and query) is longer than {limits.MaxRequestLineSize} bytes. Ids in the path are at most 128 characters."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => FormattableString.Invariant(
            $"The request headers are larger than {limits.MaxRequestHeadersTotalSize} bytes in total, or there are more than {limits.MaxRequestHeaderCount} of them."),
        StatusCodes.Status505HttpVersionNotsupported => "This HTTP version is not supported; use HTTP/1.1.",
        _ => "The server refused this request before any route ran.",
    };
}
