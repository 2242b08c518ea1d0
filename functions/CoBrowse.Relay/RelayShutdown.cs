using Microsoft.Extensions.Hosting;

namespace CoBrowse.Relay;

/// <summary>
/// On stop, while the server still takes requests (<c>StoppingAsync</c> runs before any hosted service stops, the web
/// server included): closes every connection and waits for their <c>disconnected</c> events to reach the upstream
/// handler, so a restart leaves no connection recorded as present.
/// </summary>
public sealed class RelayShutdown(RelayHub hub, UpstreamClient upstream) : IHostedLifecycleService
{
    public const string StoppingReason = "The service is stopping.";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // The host calls StoppingAsync before it fires ApplicationStopping, so the connections are closed here; the
        // ApplicationStopping close stays for hosts that skip lifecycle services and finds nothing left.
        RelayHub.CloseAll(hub.All, StoppingReason, status: System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable);
        var deadline = DateTime.UtcNow + Bound;
        while (hub.All.Any() && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        var left = deadline - DateTime.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await upstream.DrainAsync(left);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
