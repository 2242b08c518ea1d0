using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Relay.Tests;

/// <summary>The relay in a minimal WebApplication on a free loopback port, plus helpers to mint tokens and connect.</summary>
public sealed class RelayHost : IAsyncDisposable
{
    public const string Key = "primary-access-key-for-tests-0000000000000";
    public const string SecondaryKey = "secondary-access-key-for-tests-00000000000";
    public const string Hub = "cobrowse";

    private readonly WebApplication _app;

    private RelayHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public static async Task<RelayHost> StartAsync(Action<RelayOptions>? configure = null)
    {
        var options = new RelayOptions { AccessKeys = [Key, SecondaryKey], Hub = Hub };
        configure?.Invoke(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddWebPubSubRelay(options);
        var app = builder.Build();
        app.UseWebPubSubRelay();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RelayHost(app, new Uri(address));
    }

    /// <summary>The audience of this relay's client endpoint, as the server SDK signs it (the http scheme, host and port).</summary>
    public string ClientAudience => $"http://{Url.Authority}/client/hubs/{Hub}";

    /// <summary>A client access token as the server SDK mints it for this relay.</summary>
    public string Token(string? userId = null, string[]? roles = null, string[]? groups = null, string key = Key,
        TimeSpan? lifetime = null, JsonNode? role = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["aud"] = ClientAudience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        if (userId is not null)
        {
            claims["sub"] = userId;
        }

        if (role is not null)
        {
            claims["role"] = role;
        }
        else if (roles is not null)
        {
            claims["role"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]);
        }

        if (groups is not null)
        {
            claims["webpubsub.group"] = new JsonArray([.. groups.Select(g => JsonValue.Create(g))]);
        }

        return HmacJwt.Sign(claims, key);
    }

    public Uri ClientUrl(string token, string? extraQuery = null) =>
        new($"ws://{Url.Authority}/client/hubs/{Hub}?access_token={token}{(extraQuery is null ? "" : "&" + extraQuery)}");

    /// <summary>Connects and waits for the <c>connected</c> frame.</summary>
    public async Task<TestClient> ConnectAsync(string? userId = null, string[]? roles = null, string[]? groups = null,
        bool reliable = false, bool read = true)
    {
        var client = await TestClient.OpenAsync(ClientUrl(Token(userId, roles, groups)), reliable ? ClientProtocols.ReliableJson : ClientProtocols.Json, read);
        await client.ConnectedAsync();
        return client;
    }

    /// <summary>A REST call signed like the server SDK does (aud = the request URL).</summary>
    public Task<HttpResponseMessage> RestAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null, string key = Key)
    {
        var url = RestUrl(pathAndQuery);
        return SendAsync(method, url, RestToken(url.AbsoluteUri, key), content);
    }

    /// <summary>The URL of a REST call under this relay's hub, with the api-version the SDK adds.</summary>
    public Uri RestUrl(string pathAndQuery)
    {
        var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new Uri(Url, $"/api/hubs/{Hub}{pathAndQuery}{separator}api-version=2024-12-01");
    }

    /// <summary>A REST token as the server SDK signs one: aud, iat and exp only.</summary>
    public static string RestToken(string audience, string key = Key, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return HmacJwt.Sign(new JsonObject { ["aud"] = audience, ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds() }, key);
    }

    /// <summary>Sends <paramref name="url"/> with whatever bearer token an attacker holds (or none).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request);
    }

    public static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A raw client of the JSON subprotocols: a background loop collects frames so tests can await them.</summary>
public sealed class TestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly List<JsonObject> _received = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _nextAckId;
    private bool _reading;

    private TestClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public string ConnectionId { get; private set; } = "";

    public string? ReconnectionToken { get; private set; }

    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public static async Task<TestClient> OpenAsync(Uri url, string subprotocol, bool read = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(subprotocol);
        await socket.ConnectAsync(url, CancellationToken.None);
        var client = new TestClient(socket) { _reading = read };
        if (read)
        {
            _ = client.ReadLoopAsync();
        }

        return client;
    }

    public async Task<JsonObject> ConnectedAsync()
    {
        var connected = _reading ? await NextAsync() : await ReceiveOneAsync();
        Assert.Equal("system", (string?)connected["type"]);
        Assert.Equal("connected", (string?)connected["event"]);
        ConnectionId = (string)connected["connectionId"]!;
        ReconnectionToken = (string?)connected["reconnectionToken"];
        return connected;
    }

    /// <summary>The next frame not yet taken.</summary>
    public Task<JsonObject> NextAsync(TimeSpan? timeout = null) => TakeAsync(_ => true, timeout);

    /// <summary>The first frame of <paramref name="type"/> not yet taken; other frames stay for later calls.</summary>
    public Task<JsonObject> NextOfTypeAsync(string type) => TakeAsync(f => (string?)f["type"] == type);

    /// <summary>Waits for the first untaken frame matching <paramref name="match"/> and takes it.</summary>
    public async Task<JsonObject> TakeAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            Task arrived;
            lock (_received)
            {
                var index = _received.FindIndex(f => match(f));
                if (index >= 0)
                {
                    var frame = _received[index];
                    _received.RemoveAt(index);
                    return frame;
                }

                arrived = _arrived.Task;
            }

            await arrived.WaitAsync(cts.Token);
        }
    }

    /// <summary>Frames received and not taken yet.</summary>
    public IReadOnlyList<JsonObject> Untaken()
    {
        lock (_received)
        {
            return [.. _received];
        }
    }

    public ulong NextAckId() => Interlocked.Increment(ref _nextAckId);

    public Task SendAsync(JsonObject frame) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<JsonObject> SendToGroupAsync(string group, string text, bool noEcho = false)
    {
        var ackId = NextAckId();
        await SendAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = group, ["ackId"] = ackId, ["noEcho"] = noEcho, ["dataType"] = "text", ["data"] = text });
        return await AckAsync(ackId);
    }

    public async Task<JsonObject> JoinGroupAsync(string group)
    {
        var ackId = NextAckId();
        await SendAsync(new JsonObject { ["type"] = "joinGroup", ["group"] = group, ["ackId"] = ackId });
        return await AckAsync(ackId);
    }

    public Task<JsonObject> AckAsync(ulong ackId) => TakeAsync(f => (string?)f["type"] == "ack" && (ulong?)f["ackId"] == ackId);

    /// <summary>Reads one frame directly, for a client that otherwise stops reading (a slow consumer).</summary>
    private async Task<JsonObject> ReceiveOneAsync()
    {
        var buffer = new byte[64 * 1024];
        var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
        return JsonNode.Parse(buffer.AsSpan(0, result.Count))!.AsObject();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(result.CloseStatus);
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); // as browsers do
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    var frame = JsonNode.Parse(message.ToArray())!.AsObject();
                    lock (_received)
                    {
                        _received.Add(frame);
                        _arrived.TrySetResult();
                        _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _closed.TrySetResult(null);
        }
    }

    public ValueTask DisposeAsync()
    {
        Socket.Abort();
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
