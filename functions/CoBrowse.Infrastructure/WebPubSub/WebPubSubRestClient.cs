using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// The Web PubSub data-plane REST calls CoBrowse uses (api-version 2024-12-01), over a plain HttpClient. Each
/// operation accepts exactly the one success status the service documents; anything else is a
/// <see cref="WebPubSubRequestException"/>. Transient failures (408, 429, 5xx, network, timeout) are retried with
/// backoff, a bounded number of times; every attempt has its own timeout and a freshly signed token.
/// </summary>
public sealed partial class WebPubSubRestClient(HttpClient http, WebPubSubConnection service, ILogger<WebPubSubRestClient> logger)
{
    public const string ApiVersion = "2024-12-01";

    public WebPubSubConnection Service => service;

    public Task SendToGroupAsync(string group, WebPubSubMessage message, CancellationToken cancellationToken, IEnumerable<string>? excluded = null) =>
        SendAsync(HttpMethod.Post, $"groups/{E(group)}/:send", Query(("excluded", excluded)), message, HttpStatusCode.Accepted, "send to group", cancellationToken);

    public Task SendToConnectionAsync(string connectionId, WebPubSubMessage message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"connections/{E(connectionId)}/:send", [], message, HttpStatusCode.Accepted, "send to connection", cancellationToken);

    public Task SendToUserAsync(string userId, WebPubSubMessage message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"users/{E(userId)}/:send", [], message, HttpStatusCode.Accepted, "send to user", cancellationToken);

    public Task AddConnectionToGroupAsync(string group, string connectionId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"groups/{E(group)}/connections/{E(connectionId)}", [], null, HttpStatusCode.OK, "add connection to group", cancellationToken);

    public Task RemoveConnectionFromGroupAsync(string group, string connectionId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"groups/{E(group)}/connections/{E(connectionId)}", [], null, HttpStatusCode.NoContent, "remove connection from group", cancellationToken);

    public Task GrantPermissionAsync(string connectionId, WebPubSubPermission permission, string? targetName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, PermissionPath(permission, connectionId), Query(("targetName", targetName)), null, HttpStatusCode.OK, "grant permission", cancellationToken);

    public Task RevokePermissionAsync(string connectionId, WebPubSubPermission permission, string? targetName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, PermissionPath(permission, connectionId), Query(("targetName", targetName)), null, HttpStatusCode.NoContent, "revoke permission", cancellationToken);

    public Task<bool> CheckPermissionAsync(string connectionId, WebPubSubPermission permission, string? targetName, CancellationToken cancellationToken) =>
        ExistsAsync(PermissionPath(permission, connectionId), Query(("targetName", targetName)), "check permission", cancellationToken);

    public Task CloseConnectionAsync(string connectionId, string? reason, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"connections/{E(connectionId)}", Query(("reason", reason)), null, HttpStatusCode.NoContent, "close connection", cancellationToken);

    public Task CloseGroupConnectionsAsync(string group, string? reason, CancellationToken cancellationToken, IEnumerable<string>? excluded = null) =>
        SendAsync(HttpMethod.Post, $"groups/{E(group)}/:closeConnections", Query(("excluded", excluded), ("reason", reason)), null, HttpStatusCode.NoContent, "close group connections", cancellationToken);

    public Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken) =>
        ExistsAsync($"connections/{E(connectionId)}", [], "connection exists", cancellationToken);

    /// <summary>A client access token minted by the service (used with managed identity, where we hold no key).</summary>
    public async Task<string> GenerateClientTokenAsync(string userId, IEnumerable<string> roles, IEnumerable<string> groups, int minutesToExpire, CancellationToken cancellationToken)
    {
        var query = Query(
            ("userId", userId),
            ("role", roles),
            ("minutesToExpire", minutesToExpire.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("group", groups));
        using var response = await SendWithRetriesAsync(HttpMethod.Post, ":generateToken", query, null, "generate client token", cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, "generate client token", cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.TryGetProperty("token", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new WebPubSubRequestException(response.StatusCode, null, "The response has no token.", "generate client token");
    }

    /// <summary>The absolute URL of an operation: hub and path segments escaped, literal ':' actions, api-version last.</summary>
    public Uri UrlFor(string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var url = new StringBuilder(service.Endpoint.AbsoluteUri).Append("api/hubs/").Append(E(service.Hub)).Append('/').Append(path).Append('?');
        foreach (var (key, value) in query)
        {
            url.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        return new Uri(url.Append("api-version=").Append(ApiVersion).ToString());
    }

    private static string E(string segment) => Uri.EscapeDataString(segment);

    private static string PermissionPath(WebPubSubPermission permission, string connectionId) =>
        $"permissions/{(permission == WebPubSubPermission.SendToGroup ? "sendToGroup" : "joinLeaveGroup")}/connections/{E(connectionId)}";

    /// <summary>Query parameters in order; null values are left out and sequences repeat their key.</summary>
    private static List<KeyValuePair<string, string>> Query(params (string Key, object? Value)[] parameters)
    {
        var query = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in parameters)
        {
            switch (value)
            {
                case string single when single.Length > 0:
                    query.Add(new(key, single));
                    break;
                case IEnumerable<string> many:
                    query.AddRange(many.Select(v => new KeyValuePair<string, string>(key, v)));
                    break;
            }
        }

        return query;
    }

    private async Task SendAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, WebPubSubMessage? body,
        HttpStatusCode expected, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(method, path, query, body, operation, cancellationToken);
        await EnsureStatusAsync(response, expected, operation, cancellationToken);
    }

    private async Task<bool> ExistsAsync(string path, IReadOnlyList<KeyValuePair<string, string>> query, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(HttpMethod.Head, path, query, null, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureStatusAsync(response, HttpStatusCode.OK, operation, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query,
        WebPubSubMessage? body, string operation, CancellationToken cancellationToken)
    {
        var url = UrlFor(path, query);
        for (var attempt = 0; ; attempt++)
        {
            var last = attempt >= service.MaxRetries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(service.RequestTimeout);
            try
            {
                using var request = await BuildAsync(method, url, body, timeout.Token);
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                if (last || !IsTransient(response.StatusCode))
                {
                    return response;
                }

                LogRetrying(logger, operation, attempt + 1, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var wait = RetryAfter(response) ?? Backoff(attempt);
                response.Dispose();
                await Task.Delay(wait, cancellationToken);
            }
            catch (Exception e) when (!last && !cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
            {
                // Network failure or this attempt's timeout (not the caller's cancellation): try again.
                LogRetrying(logger, operation, attempt + 1, e.GetType().Name);
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Web PubSub {operation} timed out after {service.RequestTimeout.TotalSeconds} s.", e);
            }
        }
    }

    private async Task<HttpRequestMessage> BuildAsync(HttpMethod method, Uri url, WebPubSubMessage? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await service.Authorizer.GetBearerTokenAsync(url, cancellationToken));
        if (method != HttpMethod.Head)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        if (body is not null)
        {
            request.Content = new ReadOnlyMemoryContent(body.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType);
        }

        return request;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan Backoff(int attempt) => service.RetryDelay * Math.Pow(2, attempt);

    /// <summary>Honours a short Retry-After (capped, so a throttled call still fails fast rather than hanging a request).</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? TimeSpan.FromTicks(Math.Min(delta.Ticks, TimeSpan.FromSeconds(5).Ticks)) : null;

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, string operation, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var message = response.ReasonPhrase ?? string.Empty;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (text.Length > 0)
        {
            try
            {
                using var error = JsonDocument.Parse(text);
                if (error.RootElement.ValueKind == JsonValueKind.Object)
                {
                    code = error.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : code;
                    message = error.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? message : message;
                }
            }
            catch (JsonException)
            {
                message = text.Length > 200 ? text[..200] : text;
            }
        }

        throw new WebPubSubRequestException(response.StatusCode, code, message, operation);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Web PubSub {Operation} failed transiently (attempt {Attempt}: {Failure}); retrying")]
    private static partial void LogRetrying(ILogger logger, string operation, int attempt, string failure);
}
