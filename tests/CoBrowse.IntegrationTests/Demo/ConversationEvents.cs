using System.Text;

namespace CoBrowse.IntegrationTests.Demo;

/// <summary>A test reader of a conversation's Server-Sent Events stream: events and comments, as they arrive.</summary>
public sealed class ConversationEvents : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ConversationEvents(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public sealed record Event(string? Id, string Data);

    public static async Task<ConversationEvents> OpenAsync(HttpClient http, string conversationId, long? after = null, string? lastEventId = null)
    {
        var path = $"/demo/api/conversations/{conversationId}/events" + (after is null ? string.Empty : $"?after={after}");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new ConversationEvents(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    /// <summary>The next event with data, skipping comments and the retry hint.</summary>
    public async Task<Event> NextEventAsync()
    {
        while (true)
        {
            var block = await NextBlockAsync();
            var data = block.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();
            if (data.Count > 0)
            {
                var id = block.FirstOrDefault(l => l.StartsWith("id: ", StringComparison.Ordinal))?["id: ".Length..];
                return new Event(id, string.Join('\n', data));
            }
        }
    }

    /// <summary>The next comment line (": …"), skipping events.</summary>
    public async Task<string> NextCommentAsync()
    {
        while (true)
        {
            var comment = (await NextBlockAsync()).FirstOrDefault(l => l.StartsWith(':'));
            if (comment is not null)
            {
                return comment;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    /// <summary>Lines up to the blank line that ends an SSE block.</summary>
    private async Task<List<string>> NextBlockAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new Xunit.Sdk.XunitException("The event stream ended.");
            if (line.Length == 0)
            {
                if (lines.Count > 0)
                {
                    return lines;
                }

                continue;
            }

            lines.Add(line);
        }
    }
}
