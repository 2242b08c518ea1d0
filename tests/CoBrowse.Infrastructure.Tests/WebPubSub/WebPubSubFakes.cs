using System.Net;
using CoBrowse.Core.Application;
using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.WebPubSub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

/// <summary>Records every request (method, URL, headers, body) and answers with canned statuses in order; safe for concurrent calls.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<HttpResponseMessage>> _responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingHandler Respond(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null)
    {
        _responses.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status);
            if (body is not null)
            {
                response.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            }

            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public RecordingHandler Throw()
    {
        _responses.Enqueue(() => throw new HttpRequestException("connection refused"));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (_lock)
        {
            Requests.Add(new RecordedRequest(
                request.Method,
                request.RequestUri!,
                request.Headers.Authorization?.Parameter,
                request.Headers.Accept.ToString(),
                request.Content?.Headers.ContentType?.ToString(),
                body));
            return _responses.Count > 0 ? _responses.Dequeue()() : new HttpResponseMessage(HttpStatusCode.InternalServerError);
        }
    }
}

public sealed record RecordedRequest(HttpMethod Method, Uri Url, string? BearerToken, string Accept, string? ContentType, byte[]? Body)
{
    /// <summary>Path and query exactly as sent.</summary>
    public string PathAndQuery => Url.PathAndQuery;
}

/// <summary>A session store with a few seeded sessions.</summary>
public sealed class FakeSessionStore : ISessionStore
{
    private readonly Dictionary<(string, string), Session> _sessions = [];

    public static Session NewSession(string tenantId, string sessionId, SessionState state, string? controlAgentId = null) => new()
    {
        TenantId = tenantId,
        SessionId = sessionId,
        InteractionId = "i-1",
        Channel = Channel.Voice,
        State = state,
        CreatedAt = WebPubSubTestData.Now,
        UpdatedAt = WebPubSubTestData.Now,
        OwnerAgentId = "alice",
        ControlAgentId = controlAgentId,
        EndReason = state == SessionState.Ended ? EndReason.CustomerEnded : null,
    };

    public FakeSessionStore With(Session session)
    {
        _sessions[(session.TenantId, session.SessionId)] = session;
        return this;
    }

    public Task CreateAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Versioned<Session>?> GetAsync(string tenantId, string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue((tenantId, sessionId), out var s) ? new Versioned<Session>(s, "v1") : null);

    public Task<bool> TryReplaceAsync(Session session, string version, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, int maxRows, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Session>>(_sessions.Values.Where(s => s.TenantId == query.TenantId).Take(maxRows).ToList());
}

public static class WebPubSubTestData
{
    public const string AccessKey = "primary-key/with+base64==chars";
    public const string SecondaryKey = "secondary-key-0123456789";

    public static DateTimeOffset Now { get; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static WebPubSubConnection Connection(TimeProvider clock, string endpoint = "http://localhost:18080/") =>
        new(new Uri(endpoint), "cobrowse", new AccessKeyAuthorizer(AccessKey, clock)) { RetryDelay = TimeSpan.Zero, MaxRetries = 2 };

    public static (WebPubSubRestClient Client, RecordingHandler Handler) RestClient(FakeTimeProvider? clock = null)
    {
        var handler = new RecordingHandler();
        var client = new WebPubSubRestClient(new HttpClient(handler), Connection(clock ?? new FakeTimeProvider(Now)), NullLogger<WebPubSubRestClient>.Instance);
        return (client, handler);
    }
}
