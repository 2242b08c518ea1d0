using System.Diagnostics;
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

    private readonly TestDataFolder _dataFolder = new("cobrowse-faults-");
    private readonly TestStackPorts _ports;
    private readonly AzuriteOptions _azuriteOptions;
    private readonly int _gatePort;
    private readonly int _tableLinkPort;
    private readonly AzuriteLauncher _azurite;
    private LocalStackHost? _stack;
    private UpstreamGate? _gate;
    private StorageLink? _tableLink;

    public FaultStack()
    {
        var ports = FreePorts.Take(6);
        _ports = new TestStackPorts(Http: ports[3], Blob: ports[0], Queue: ports[1], Table: ports[2]);
        _azuriteOptions = new AzuriteOptions { BlobPort = _ports.Blob, QueuePort = _ports.Queue, TablePort = _ports.Table, DataDirectory = _dataFolder.Path };
        _gatePort = ports[4];
        _tableLinkPort = ports[5];
        _azurite = new AzuriteLauncher(_azuriteOptions, _ => { });
    }

    /// <summary>Stays the same across stack restarts.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{_ports.Http}");

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

        _dataFolder.Delete();
    }

    private Dictionary<string, string?> Settings() => TestStackSettings.Create(_ports, _dataFolder.Path, "CoBrowseFaults")
        .WithAdministration()
        .WithPendingLifetimes(PendingLifetime, PendingLifetime)
        .With(new()
        {
            // This fixture owns Azurite: the stack must never start a second one behind a test's back.
            ["LocalStack:Azurite:AutoStart"] = "false",
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
            ["LocalStack:Relay:UpstreamUrlTemplate"] = $"http://127.0.0.1:{_gatePort}/api/v1/realtime/upstream?code={Uri.EscapeDataString(LocalStackFixture.FunctionKey)}",
            ["LocalStack:Relay:UpstreamTimeout"] = UpstreamTimeout.ToString(),
            // Storage outages are the point here: the engine's and the SDK's retry chatter would drown the test output.
            ["Logging:LogLevel:DurableTask.AzureStorage"] = "None",
            ["Logging:LogLevel:DurableTask.Core"] = "None",
            ["Logging:LogLevel:Azure.Core"] = "None",
            ["Logging:LogLevel:CoBrowse.LocalStack.Durable"] = "None",
        });
}

[CollectionDefinition(Name)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "fault stack";
}
