using System.Net.Sockets;
using CoBrowse.LocalStack;
using Microsoft.Extensions.Configuration;

namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>
/// One local stack for the whole test run: its own Azurite on free ports with a throw-away data folder, its own
/// task hub, Kestrel on a free port. Key and offer lifetimes are shortened so expiry can be observed.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string AdminKey = "integration-tests-admin-key-0123456789abcdef";
    public const string FunctionKey = "integration-tests-function-key";
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan OfferLifetime = TimeSpan.FromSeconds(8);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cobrowse-it-" + Guid.NewGuid().ToString("N"));
    private LocalStackHost? _stack;

    public LocalStackHost Stack => _stack ?? throw new InvalidOperationException("The local stack has not started.");

    public Uri BaseUrl => Stack.Url;

    public async Task InitializeAsync()
    {
        var ports = FreePorts(4);
        _stack = await LocalStackHost.StartAsync([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A fixed free port: the functions' Web PubSub client and the relay's upstream URL both name it.
            ["Urls"] = $"http://127.0.0.1:{ports[3]}",
            ["LocalStack:Azurite:BlobPort"] = $"{ports[0]}",
            ["LocalStack:Azurite:QueuePort"] = $"{ports[1]}",
            ["LocalStack:Azurite:TablePort"] = $"{ports[2]}",
            ["LocalStack:Azurite:DataDirectory"] = _dataDirectory,
            ["LocalStack:Durable:TaskHubName"] = "CoBrowseTests",
            ["LocalStack:FunctionKeys:0"] = FunctionKey,
            ["LocalStack:Demo:Enabled"] = "false",
            ["CoBrowse:Admin:ApiKey"] = AdminKey,
            // Tests act as several customers by setting X-Forwarded-For, as Azure's front end would.
            ["CoBrowse:Http:TrustedProxyHops"] = "1",
            ["CoBrowse:Sessions:SecurityKeyLifetimeSeconds"] = $"{KeyLifetime.TotalSeconds}",
            ["CoBrowse:Sessions:OfferLifetimeSeconds"] = $"{OfferLifetime.TotalSeconds}",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
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

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

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
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "local stack";
}
