using System.Net.Sockets;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack;
using Microsoft.Extensions.Configuration;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>
/// A local stack (own Azurite on free ports) whose mint rate limits are low enough to reach in a test; the shared
/// stack keeps the generous defaults so no other test is throttled. The window is an hour so no test straddles one.
/// </summary>
public sealed class RateLimitStackFixture : IAsyncLifetime
{
    public const int WindowSeconds = 3600;
    public const int AgentTokensPerTenant = 6;
    public const int AgentTokensPerAddress = 3;
    public const int NegotiatesPerSubject = 3;
    public const int NegotiatesPerAddress = 8;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cobrowse-rate-it-" + Guid.NewGuid().ToString("N"));
    private LocalStackHost? _stack;

    public Uri BaseUrl => (_stack ?? throw new InvalidOperationException("The local stack has not started.")).Url;

    public async Task InitializeAsync()
    {
        var ports = FreePorts(4);
        _stack = await LocalStackHost.StartAsync([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{ports[3]}",
            ["LocalStack:Azurite:BlobPort"] = $"{ports[0]}",
            ["LocalStack:Azurite:QueuePort"] = $"{ports[1]}",
            ["LocalStack:Azurite:TablePort"] = $"{ports[2]}",
            ["LocalStack:Azurite:DataDirectory"] = _dataDirectory,
            ["LocalStack:Durable:TaskHubName"] = "CoBrowseRateTests",
            ["LocalStack:FunctionKeys:0"] = LocalStackFixture.FunctionKey,
            ["LocalStack:Demo:Enabled"] = "false",
            ["CoBrowse:Admin:ApiKey"] = LocalStackFixture.AdminKey,
            ["CoBrowse:Http:TrustedProxyHops"] = "1",
            ["CoBrowse:RateLimits:WindowSeconds"] = $"{WindowSeconds}",
            ["CoBrowse:RateLimits:AgentTokensPerTenant"] = $"{AgentTokensPerTenant}",
            ["CoBrowse:RateLimits:AgentTokensPerAddress"] = $"{AgentTokensPerAddress}",
            ["CoBrowse:RateLimits:NegotiatesPerSubject"] = $"{NegotiatesPerSubject}",
            ["CoBrowse:RateLimits:NegotiatesPerAddress"] = $"{NegotiatesPerAddress}",
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
public sealed class RateLimitStackCollection : ICollectionFixture<RateLimitStackFixture>
{
    public const string Name = "rate-limit stack";
}
