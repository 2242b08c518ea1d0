using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Relay.Tests;

/// <summary>An event handler on a free port that records every CloudEvent and answers with <see cref="Respond"/>.</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app, string url)
    {
        _app = app;
        UrlTemplate = url + "/upstream/{hub}/{event}";
    }

    public string UrlTemplate { get; }

    public Channel<RecordedEvent> Events { get; } = Channel.CreateUnbounded<RecordedEvent>();

    /// <summary>How to answer an event (by <c>ce-eventName</c>); the default is 200 with no body.</summary>
    public Func<RecordedEvent, HttpResponse, Task> Respond { get; set; } = (_, _) => Task.CompletedTask;

    public int ValidationRequests { get; private set; }

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        FakeUpstream? upstream = null;
        app.MapMethods("/upstream/{hub}/{event}", ["OPTIONS"], (HttpContext context) =>
        {
            upstream!.ValidationRequests++;
            context.Response.Headers["WebHook-Allowed-Origin"] = "*";
        });
        app.MapPost("/upstream/{hub}/{event}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var recorded = new RecordedEvent(
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                context.Request.ContentType, body.ToArray(), context.Request.Path);
            await upstream!.Respond(recorded, context.Response);
            upstream.Events.Writer.TryWrite(recorded);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream = new FakeUpstream(app, address);
        return upstream;
    }

    /// <summary>The next recorded event named <paramref name="eventName"/>, skipping others.</summary>
    public async Task<RecordedEvent> NextAsync(string eventName)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var recorded = await Events.Reader.ReadAsync(cts.Token);
            if (recorded.EventName == eventName)
            {
                return recorded;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedEvent(IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body, string Path)
{
    public string EventName => Headers.GetValueOrDefault("ce-eventName") ?? "";

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
