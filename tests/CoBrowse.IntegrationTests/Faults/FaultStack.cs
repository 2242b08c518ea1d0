using System.Diagnostics;
using System.Net.Sockets;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack;
using CoBrowse.LocalStack.Azurite;
using Microsoft.Extensions.Configuration;

namespace CoBrowse.IntegrationTests.Faults;

/// <summary>
/// A local stack that tests may break: it owns its Azurite (started through <see cref="AzuriteLauncher"/>, so the stack
/// reuses it and a test can stop and start it on the same ports and data folder), can stop and start the stack itself
/// on the same port (the relay runs in it, so every socket drops), sends the relay's upstream events through an
/// <see cref="UpstreamGate"/> that can fail or stall them, and reaches Azurite's tables through a
/// <see cref="StorageLink"/> that can freeze. Its own collection keeps these faults away from the
/// shared <see cref="LocalStackFixture"/>.
/// </summary>
public sealed class FaultStack : IAsyncLifetime
{
    /// <summary>Pending sessions expire after this; long enough that no fault test waits on it by accident.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long the relay waits for an upstream answer before it refuses the connection.</summary>
    public static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long one storage request may take, and its retries: a call gives up on storage within ~5 s.</summary>
    public static readonly TimeSpan StorageRequestTimeout = TimeSpan.FromSeconds(2);
    public const int StorageRetries = 1;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cobrowse-faults-" + Guid.NewGuid().ToString("N"));
    private readonly AzuriteOptions _azuriteOptions;
    private readonly int _httpPort;
    private readonly int _gatePort;
    private readonly int _tableLinkPort;
    private readonly AzuriteLauncher _azurite;
    private LocalStackHost? _stack;
    private UpstreamGate? _gate;
    private StorageLink? _tableLink;

    public FaultStack()
    {
        var ports = FreePorts(6);
        _azuriteOptions = new AzuriteOptions { BlobPort = ports[0], QueuePort = ports[1], TablePort = ports[2], DataDirectory = _dataDirectory };
        _httpPort = ports[3];
        _gatePort = ports[4];
        _tableLinkPort = ports[5];
        _azurite = new AzuriteLauncher(_azuriteOptions, _ => { });
    }

    /// <summary>Stays the same across stack restarts.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{_httpPort}");

    public UpstreamGate Gate => _gate ?? throw new InvalidOperationException("The fault stack has not started.");

    public bool StackRunning => _stack is not null;

    public async Task InitializeAsync()
    {
        _gate = await UpstreamGate.StartAsync(_gatePort, BaseUrl);
        _tableLink = StorageLink.Start(_tableLinkPort, _azuriteOptions.TablePort);
        await _azurite.EnsureRunningAsync(CancellationToken.None);
        await StartStackAsync();
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Stops Azurite the way an operator would (it saves its data first); the stack keeps running without storage.</summary>
    public Task StopStorageAsync() => _azurite.StopAsync(TimeSpan.FromSeconds(10));

    public Task StartStorageAsync() => _azurite.EnsureRunningAsync(CancellationToken.None);

    /// <summary>Table storage stops answering (connections open, nothing comes back) until <see cref="ThawStorage"/>.</summary>
    public void FreezeStorage() => (_tableLink ?? throw new InvalidOperationException("The fault stack has not started.")).Freeze();

    public void ThawStorage() => _tableLink?.Thaw();

    /// <summary>Stops the whole stack (functions, durable engine, relay); Azurite and the gate stay up.</summary>
    public async Task StopStackAsync()
    {
        if (_stack is { } stack)
        {
            _stack = null;
            await stack.DisposeAsync();
        }
    }

    public async Task StartStackAsync()
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                _stack = await LocalStackHost.StartAsync([], configuration => configuration.AddInMemoryCollection(Settings()));
                return;
            }
            catch (IOException) when (started.Elapsed < TimeSpan.FromSeconds(20))
            {
                // The port of the stack just stopped may take a moment to be free again.
                await Task.Delay(250);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopStackAsync();
        await _azurite.DisposeAsync();
        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }

        if (_tableLink is not null)
        {
            await _tableLink.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be flushing; the OS cleans temp eventually.
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Urls"] = BaseUrl.ToString().TrimEnd('/'),
        ["LocalStack:Azurite:BlobPort"] = $"{_azuriteOptions.BlobPort}",
        ["LocalStack:Azurite:QueuePort"] = $"{_azuriteOptions.QueuePort}",
        ["LocalStack:Azurite:TablePort"] = $"{_azuriteOptions.TablePort}",
        ["LocalStack:Azurite:DataDirectory"] = _dataDirectory,
        // This fixture owns Azurite: the stack must never start a second one behind a test's back.
        ["LocalStack:Azurite:AutoStart"] = "false",
        ["LocalStack:Durable:TaskHubName"] = "CoBrowseFaults",
        // A lifecycle message caught mid-processing by an outage returns after this (Azure's default is 5 minutes).
        ["LocalStack:Durable:QueueVisibilityTimeout"] = "00:00:10",
        // ... and the engine takes its partitions back sooner after storage returns (Azure's default lease is 30 s).
        ["LocalStack:Durable:PartitionLeaseInterval"] = "00:00:09",
        // Tables through the link (the durable engine's too); queues and blobs straight to Azurite.
        ["CoBrowse:Storage:ConnectionString"] = new AzuriteOptions
        {
            BlobPort = _azuriteOptions.BlobPort, QueuePort = _azuriteOptions.QueuePort, TablePort = _tableLinkPort,
        }.ConnectionString,
        ["CoBrowse:Storage:NetworkTimeoutSeconds"] = $"{StorageRequestTimeout.TotalSeconds}",
        ["CoBrowse:Storage:MaxRetries"] = $"{StorageRetries}",
        ["LocalStack:FunctionKeys:0"] = LocalStackFixture.FunctionKey,
        ["LocalStack:Relay:UpstreamUrlTemplate"] = $"http://127.0.0.1:{_gatePort}/api/v1/realtime/upstream?code={Uri.EscapeDataString(LocalStackFixture.FunctionKey)}",
        ["LocalStack:Relay:UpstreamTimeout"] = UpstreamTimeout.ToString(),
        ["LocalStack:Demo:Enabled"] = "false",
        ["CoBrowse:Admin:ApiKey"] = LocalStackFixture.AdminKey,
        ["CoBrowse:Http:TrustedProxyHops"] = "1",
        ["CoBrowse:Sessions:SecurityKeyLifetimeSeconds"] = $"{PendingLifetime.TotalSeconds}",
        ["CoBrowse:Sessions:OfferLifetimeSeconds"] = $"{PendingLifetime.TotalSeconds}",
        ["Logging:LogLevel:Default"] = "Warning",
        // Storage outages are the point here: the engine's and the SDK's retry chatter would drown the test output.
        ["Logging:LogLevel:DurableTask.AzureStorage"] = "None",
        ["Logging:LogLevel:DurableTask.Core"] = "None",
        ["Logging:LogLevel:Azure.Core"] = "None",
        ["Logging:LogLevel:CoBrowse.LocalStack.Durable"] = "None",
    };

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}

[CollectionDefinition(Name)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "fault stack";
}
