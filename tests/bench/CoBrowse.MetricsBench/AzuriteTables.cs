using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CoBrowse.MetricsBench;

/// <summary>A throw-away in-memory Azurite table service on a free port, from the repository's web/node_modules.</summary>
internal sealed class AzuriteTables : IAsyncDisposable
{
    private readonly Process _process;

    private AzuriteTables(Process process, int port)
    {
        _process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteTables> StartAsync(string repositoryRoot)
    {
        var main = Path.Combine(repositoryRoot, "web", "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in web/ ({main} is missing).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { main, "--tableHost", "127.0.0.1", "--tablePort", $"{port}", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await ListensAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start: {await process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(200);
        }

        return new AzuriteTables(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
