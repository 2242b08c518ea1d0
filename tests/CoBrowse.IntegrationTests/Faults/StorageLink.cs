using System.Collections.Concurrent;
using System.Net.Sockets;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// A TCP link between the stack and Azurite's table endpoint that a test can freeze: connections still open, but
/// no byte passes either way, as when a storage account stops answering instead of refusing connections. Thawing
/// drops the connections that carried half a request, so clients start clean.
/// </summary>
public sealed class StorageLink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _links = new();
    private volatile bool _frozen;

    private StorageLink(int port, int targetPort)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _targetPort = targetPort;
    }

    public static StorageLink Start(int port, int targetPort)
    {
        var link = new StorageLink(port, targetPort);
        link._listener.Start();
        _ = link.AcceptAsync();
        return link;
    }

    public void Freeze() => _frozen = true;

    public void Thaw()
    {
        _frozen = false;
        foreach (var (client, target) in _links)
        {
            Close(client, target);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Thaw();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = LinkAsync(client);
        }
    }

    private async Task LinkAsync(TcpClient client)
    {
        var target = new TcpClient();
        try
        {
            await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            Close(client, target); // Azurite itself is down: refuse, as it would.
            return;
        }

        _links[client] = target;
        await Task.WhenAny(PumpAsync(client, target), PumpAsync(target, client));
        Close(client, target);
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (!_frozen)
                {
                    await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // One side went away; the link closes.
        }
    }

    private void Close(TcpClient client, TcpClient target)
    {
        _links.TryRemove(client, out _);
        client.Dispose();
        target.Dispose();
    }
}
