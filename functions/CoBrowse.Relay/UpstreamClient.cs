using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Relay;

/// <summary>Sends the upstream CloudEvents (binary content mode) to the configured event handler: the blocking
/// <c>connect</c> and user events, and fire-and-forget <c>connected</c>/<c>disconnected</c>.</summary>
public sealed class UpstreamClient(RelayOptions options, ILogger<UpstreamClient> logger) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = options.UpstreamTimeout };
    private readonly ConcurrentDictionary<string, Task<bool>> _validatedUrls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _connectedEvents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _systemEvents = new();

    public bool Enabled => !string.IsNullOrWhiteSpace(options.UpstreamUrlTemplate);

    /// <summary>The blocking <c>connect</c> event. A non-2xx answer (or an unreachable handler, as 500) rejects the client.</summary>
    public async Task<ConnectOutcome> ConnectAsync(string connectionId, string? userId, string origin, JsonElement claims,
        IDictionary<string, string[]> query, IDictionary<string, string[]> headers, IReadOnlyList<string> subprotocols, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            claims = ClaimsMap(claims),
            query,
            headers,
            subprotocols,
        });
        using var request = await BuildAsync("connect", "azure.webpubsub.sys.connect", connectionId, userId, null, null, origin, 0, body, "application/json; charset=utf-8");
        if (request is null)
        {
            return ConnectOutcome.Reject(HttpStatusCode.InternalServerError);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ConnectOutcome.Reject(response.StatusCode);
            }

            var state = response.Headers.TryGetValues("ce-connectionState", out var values) ? values.FirstOrDefault() : null;
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return ConnectOutcome.Parse(content, state);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            logger.LogWarning(e, "Upstream connect failed for {ConnectionId}", connectionId);
            return ConnectOutcome.Reject(HttpStatusCode.InternalServerError);
        }
    }

    public void Connected(RelayConnection connection)
    {
        if (Enabled)
        {
            _connectedEvents[connection.Id] = Track(SystemEventAsync(connection, "connected", "{}"u8.ToArray()));
        }
    }

    /// <summary>Sent once per connection, after its <c>connected</c> event.</summary>
    public void Disconnected(RelayConnection connection, string? reason)
    {
        if (!Enabled)
        {
            return;
        }

        var connected = _connectedEvents.TryRemove(connection.Id, out var task) ? task : Task.CompletedTask;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { reason = reason ?? "" });
        Track(connected.ContinueWith(_ => SystemEventAsync(connection, "disconnected", body), TaskScheduler.Default).Unwrap());
    }

    /// <summary>
    /// Waits, at most <paramref name="timeout"/>, for the <c>connected</c>/<c>disconnected</c> events still on their
    /// way, so a relay that stops tells the handler about every connection it closed (presence would keep them otherwise).
    /// </summary>
    public Task DrainAsync(TimeSpan timeout) => Task.WhenAny(Task.WhenAll(_systemEvents.Keys), Task.Delay(timeout));

    private Task Track(Task systemEvent)
    {
        _systemEvents[systemEvent] = 0;
        _ = systemEvent.ContinueWith(done => _systemEvents.TryRemove(done, out _), TaskScheduler.Default);
        return systemEvent;
    }

    /// <summary>A user event: on success the reply payload (if the handler returned a non-empty body); a 4xx answer is
    /// the handler's refusal, with its reason; anything else that is not a success is a failure.</summary>
    public async Task<UserEventOutcome> UserEventAsync(RelayConnection connection, string eventName, Payload payload, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return UserEventOutcome.Failed;
        }

        var (body, contentType) = payload.ToHttpBody();
        using var request = await BuildAsync(eventName, "azure.webpubsub.user." + eventName, connection.Id, connection.UserId, connection.Subprotocol,
            connection.UpstreamState, connection.Origin, connection.NextEventId(), body, contentType);
        if (request is null)
        {
            return UserEventOutcome.Failed;
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return UserEventOutcome.Refusal(response.StatusCode) is { } refusal
                    ? UserEventOutcome.Refused(refusal, await ReasonAsync(response, cancellationToken))
                    : UserEventOutcome.Failed;
            }

            if (response.Headers.TryGetValues("ce-connectionState", out var values))
            {
                connection.UpstreamState = values.FirstOrDefault();
            }

            var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (reply.Length == 0)
            {
                return UserEventOutcome.Delivered(null);
            }

            // A missing content type means binary, as in the service.
            var replyPayload = Payload.FromBody(response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", reply);
            return replyPayload is null ? UserEventOutcome.Failed : UserEventOutcome.Delivered(replyPayload);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "Upstream user event {Event} failed for {ConnectionId}", eventName, connection.Id);
            return UserEventOutcome.Failed;
        }
    }

    /// <summary>The refusal's text body as the client will read it: one line of at most
    /// <see cref="UserEventOutcome.MaxReasonLength"/> characters, or a sentence naming the status when there is none.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, UserEventOutcome.MaxReasonLength * 4));
        text = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        if (text.Length > UserEventOutcome.MaxReasonLength)
        {
            var cut = UserEventOutcome.MaxReasonLength - (char.IsHighSurrogate(text[UserEventOutcome.MaxReasonLength - 1]) ? 1 : 0);
            text = text[..cut]; // never half a surrogate pair: the ack must stay valid JSON text
        }

        return text.Length > 0 ? text : $"The event handler refused the event ({(int)response.StatusCode}).";
    }

    /// <summary><c>sha256=hex(HMAC-SHA256(accessKey, connectionId))</c> for each access key, comma-separated.</summary>
    public static string Signature(string connectionId, IEnumerable<string> accessKeys) =>
        string.Join(',', accessKeys.Select(key =>
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(connectionId)))));

    private async Task SystemEventAsync(RelayConnection connection, string eventName, byte[] body)
    {
        try
        {
            using var request = await BuildAsync(eventName, "azure.webpubsub.sys." + eventName, connection.Id, connection.UserId, connection.Subprotocol,
                connection.UpstreamState, connection.Origin, connection.NextEventId(), body, "application/json; charset=utf-8");
            if (request is not null)
            {
                using var response = await _http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Upstream {Event} for {ConnectionId} answered {Status}", eventName, connection.Id, (int)response.StatusCode);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogInformation(e, "Upstream {Event} for {ConnectionId} failed", eventName, connection.Id);
        }
    }

    private async Task<HttpRequestMessage?> BuildAsync(string eventName, string type, string connectionId, string? userId, string? subprotocol,
        string? state, string origin, long eventId, byte[] body, string contentType)
    {
        if (!IsHeaderSafe(eventName) || (userId is not null && !IsHeaderSafe(userId)) || (state is not null && !IsHeaderSafe(state)))
        {
            // A line break in a header value would let its author add headers (ce-connectionState, ce-userId) of their choosing.
            logger.LogWarning("The {Event} event of {ConnectionId} is not delivered: a header value is not printable ASCII", eventName, connectionId);
            return null;
        }

        // Escaped, so an event name stays one path segment of the template (no "../", "?" or "#" of the client's choosing).
        var url = options.UpstreamUrlTemplate.Replace("{hub}", Uri.EscapeDataString(options.Hub), StringComparison.OrdinalIgnoreCase)
            .Replace("{event}", Uri.EscapeDataString(eventName), StringComparison.OrdinalIgnoreCase);
        if (!await _validatedUrls.GetOrAdd(url, u => ValidateAsync(u, origin)))
        {
            _validatedUrls.TryRemove(url, out _); // try again next time
            logger.LogWarning("The upstream {Url} did not pass abuse protection; the {Event} event is not delivered", url, eventName);
            return null;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("WebHook-Request-Origin", origin);
        headers.TryAddWithoutValidation("ce-specversion", "1.0");
        headers.TryAddWithoutValidation("ce-awpsversion", "1.0");
        headers.TryAddWithoutValidation("ce-type", type);
        headers.TryAddWithoutValidation("ce-source", $"/hubs/{options.Hub}/client/{connectionId}");
        headers.TryAddWithoutValidation("ce-id", eventId.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("ce-time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("ce-signature", Signature(connectionId, options.AccessKeys));
        if (!string.IsNullOrEmpty(userId))
        {
            headers.TryAddWithoutValidation("ce-userId", userId);
        }

        headers.TryAddWithoutValidation("ce-connectionId", connectionId);
        headers.TryAddWithoutValidation("ce-hub", options.Hub);
        headers.TryAddWithoutValidation("ce-eventName", eventName);
        if (subprotocol is not null)
        {
            headers.TryAddWithoutValidation("ce-subprotocol", subprotocol);
        }

        if (state is not null)
        {
            headers.TryAddWithoutValidation("ce-connectionState", state);
        }

        return request;
    }

    /// <summary>Printable ASCII and spaces only: what an HTTP header value can carry without encoding or line breaks.</summary>
    public static bool IsHeaderSafe(string value) => value.All(c => c is >= ' ' and <= '~');

    /// <summary>Abuse protection: OPTIONS must answer 2xx with <c>WebHook-Allowed-Origin</c> <c>*</c> or our host.</summary>
    private async Task<bool> ValidateAsync(string url, string origin)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, url);
            request.Headers.TryAddWithoutValidation("WebHook-Request-Origin", origin);
            request.Headers.TryAddWithoutValidation("ce-awpsversion", "1.0");
            using var response = await _http.SendAsync(request);
            return response.IsSuccessStatusCode && response.Headers.TryGetValues("WebHook-Allowed-Origin", out var allowed)
                && allowed.SelectMany(v => v.Split(',')).Select(v => v.Trim()).Any(v => v == "*" || string.Equals(v, origin, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "Abuse-protection request to {Url} failed", url);
            return false;
        }
    }

    /// <summary>Claims as the connect event carries them: each name maps to an array of strings.</summary>
    private static Dictionary<string, string[]> ClaimsMap(JsonElement claims) =>
        claims.ValueKind != JsonValueKind.Object ? [] : claims.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.Array
                ? p.Value.EnumerateArray().Select(ClaimText).ToArray()
                : [ClaimText(p.Value)]);

    private static string ClaimText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    public void Dispose() => _http.Dispose();
}

/// <summary>The upstream's answer to <c>connect</c>: a rejection status, or the overrides to apply.</summary>
public sealed record ConnectOutcome(HttpStatusCode? RejectStatus, string? UserId = null, bool OverridesUserId = false,
    IReadOnlyList<string>? Roles = null, IReadOnlyList<string>? Groups = null, string? Subprotocol = null, string? State = null)
{
    public static readonly ConnectOutcome Accept = new((HttpStatusCode?)null);

    public static ConnectOutcome Reject(HttpStatusCode status) => new(status);

    /// <summary>Emulator semantics: an empty or null body keeps the token's defaults; <c>userId</c> overrides (even ""),
    /// <c>roles</c> replaces, <c>groups</c> replaces when non-empty; an invalid group name fails the connection (500).</summary>
    public static ConnectOutcome Parse(byte[] body, string? state)
    {
        if (body.Length == 0)
        {
            return Accept with { State = state };
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return Accept with { State = state };
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Reject(HttpStatusCode.InternalServerError);
        }

        var hasUserId = root.TryGetProperty("userId", out var userId) && userId.ValueKind == JsonValueKind.String;
        IReadOnlyList<string>? roles = root.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array ? HmacJwt.StringOrArray(root, "roles") : null;
        var groups = HmacJwt.StringOrArray(root, "groups");
        if (!groups.All(ClientMessageHandler.IsValidGroupName))
        {
            return Reject(HttpStatusCode.InternalServerError);
        }

        var subprotocol = root.TryGetProperty("subprotocol", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return new ConnectOutcome(null, hasUserId ? userId.GetString() : null, hasUserId, roles, groups.Count > 0 ? groups : null, subprotocol, state);
    }
}

/// <summary>What became of a user event: delivered (with the handler's reply, if any), or an ack error to send back.</summary>
public sealed record UserEventOutcome(Payload? Reply, AckError? Error, string? Message)
{
    /// <summary>Longest refusal reason passed on to the client.</summary>
    public const int MaxReasonLength = 512;

    /// <summary>A failure of the handler (5xx, timeout, unreachable, an unusable reply): transient, so the client may
    /// try again; its details stay in the relay's log.</summary>
    public static readonly UserEventOutcome Failed = new(null, AckError.InternalServerError, "Internal server error");

    public bool Success => Error is null;

    public static UserEventOutcome Delivered(Payload? reply) => new(reply, null, null);

    public static UserEventOutcome Refused(AckError refusal, string reason) => new(null, refusal, reason);

    /// <summary>
    /// A handler's 4xx is a refusal of this event, which the same event would get again: 401/403 are
    /// <c>Forbidden</c> (not allowed for this connection), any other 4xx <c>BadRequest</c>. 408 and 429 mean "not now",
    /// so they stay failures, like 5xx. Null when the status is no refusal.
    /// </summary>
    public static AckError? Refusal(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => AckError.Forbidden,
        408 or 429 => null,
        >= 400 and < 500 => AckError.BadRequest,
        _ => null,
    };
}
