using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// A small HTTP server between the relay and the functions' upstream handler: the relay's event handler URL points
/// here, and the gate forwards every CloudEvent (and the abuse-protection OPTIONS) to the real handler — or, when a
/// test says so, answers with an error or holds the request longer than the relay waits, as a failing or slow
/// handler would.
/// </summary>
public sealed class UpstreamGate : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(["Host", "Connection", "Transfer-Encoding", "Content-Length", "Keep-Alive"], StringComparer.OrdinalIgnoreCase);
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromSeconds(30) };
    private volatile Fault _fault = Fault.None;
    private int _refused;

    private UpstreamGate(WebApplication app, int port, Uri target)
    {
        _app = app;
        Port = port;
        Target = target;
    }

    public int Port { get; }

    /// <summary>The real handler's scheme, host and port.</summary>
    public Uri Target { get; }

    /// <summary>Events the gate refused or held back since it started.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<UpstreamGate> StartAsync(int port, Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gate = new UpstreamGate(app, port, target);
        app.Run(gate.HandleAsync);
        await app.StartAsync();
        return gate;
    }

    /// <summary>Every event is answered with <paramref name="status"/> and never reaches the handler.</summary>
    public void FailWith(HttpStatusCode status) => _fault = new Fault(status, null);

    /// <summary>Every event waits <paramref name="delay"/> before it is forwarded (the relay gives up first when the delay is longer than its timeout).</summary>
    public void Stall(TimeSpan delay) => _fault = new Fault(null, delay);

    public void Heal() => _fault = Fault.None;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var fault = _fault;
        if (fault.Status is { } status)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = (int)status;
            return;
        }

        if (fault.Delay is { } delay)
        {
            Interlocked.Increment(ref _refused);
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The relay stopped waiting: the event is dropped, as by a handler that never answered.
            }
        }

        await ForwardAsync(context);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Target, request.Path + request.QueryString));
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        forwarded.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (!forwarded.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forwarded.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _forward.SendAsync(forwarded, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private sealed record Fault(HttpStatusCode? Status, TimeSpan? Delay)
    {
        public static readonly Fault None = new(null, null);
    }
}
