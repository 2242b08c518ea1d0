using System.Net.Sockets;
using System.Text;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>One HTTP/1.1 answer as it came over the wire.</summary>
public sealed record RawResponse(int Status, string Reason, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim() : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? Json()
    {
        try
        {
            return Body.Length == 0 ? null : JsonNode.Parse(Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Asserts an RFC 7807 problem with this status, a title and a detail.</summary>
    public JsonNode AssertProblem(int status)
    {
        Assert.True(Status == status, $"Expected {status}, got {Status} {Reason}: {BodyText}");
        Assert.True(ContentType == "application/problem+json", $"Expected a problem body with {status}, got '{ContentType}' and {Body.Length} bytes: {BodyText}");
        var problem = Json();
        Assert.NotNull(problem);
        Assert.Equal(status, problem["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    public override string ToString() => $"{Status} {Reason} ({ContentType ?? "no content type"}, {Body.Length} bytes) {BodyText}";
}

/// <summary>
/// Sends bytes an HTTP client library would refuse to send (NUL and invalid percent-encoding in the path, raw
/// non-UTF-8 header bytes, broken chunked framing, conflicting lengths) over a plain socket and reads the answers.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends the request bytes, then reads every answer until the server closes the connection.</summary>
    public static async Task<IReadOnlyList<RawResponse>> ExchangeAsync(Uri server, byte[] request, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, deadline.Token);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, deadline.Token);
        }
        catch (IOException)
        {
            // The server may reset a connection it refused; what arrived before counts.
        }

        return Parse(received.ToArray());
    }

    /// <summary>One request on its own connection: the single answer.</summary>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, TimeSpan? timeout = null)
    {
        var answers = await ExchangeAsync(server, request, timeout);
        Assert.True(answers.Count == 1, $"Expected one answer, got {answers.Count}: {string.Join(" | ", answers)}");
        return answers[0];
    }

    /// <summary>A request head (method, target, headers, <c>Connection: close</c>), then the body bytes as given.</summary>
    public static byte[] Request(string method, string target, IEnumerable<(string Name, string Value)>? headers = null, byte[]? body = null, bool close = true)
    {
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null && !(headers ?? []).Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }

    private static List<RawResponse> Parse(byte[] bytes)
    {
        var answers = new List<RawResponse>();
        var position = 0;
        while (position < bytes.Length)
        {
            var headEnd = IndexOf(bytes, "\r\n\r\n"u8, position);
            if (headEnd < 0)
            {
                throw new InvalidOperationException($"An incomplete answer: {Encoding.Latin1.GetString(bytes, position, bytes.Length - position)}");
            }

            var lines = Encoding.Latin1.GetString(bytes, position, headEnd - position).Split("\r\n");
            var statusLine = lines[0].Split(' ', 3);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            position = headEnd + 4;
            byte[] body;
            if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                (body, position) = Dechunk(bytes, position);
            }
            else
            {
                var length = headers.TryGetValue("content-length", out var declared) ? int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) : 0;
                body = bytes[position..(position + length)];
                position += length;
            }

            answers.Add(new RawResponse(int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture), statusLine.Length > 2 ? statusLine[2] : string.Empty, headers, body));
        }

        return answers;
    }

    private static (byte[] Body, int Next) Dechunk(byte[] bytes, int position)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = IndexOf(bytes, "\r\n"u8, position);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, position, lineEnd - position).Split(';')[0], 16);
            position = lineEnd + 2;
            if (size == 0)
            {
                return (body.ToArray(), IndexOf(bytes, "\r\n"u8, position) + 2);
            }

            body.Write(bytes, position, size);
            position += size + 2;
        }
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int from)
    {
        var found = bytes.AsSpan(from).IndexOf(value);
        return found < 0 ? -1 : from + found;
    }
}
