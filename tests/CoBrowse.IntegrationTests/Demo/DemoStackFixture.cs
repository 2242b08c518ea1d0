using System.Net.Sockets;
using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack;
using Microsoft.Extensions.Configuration;

namespace CoBrowse.IntegrationTests.Demo;

/// <summary>
/// A local stack with the demo on (its own Azurite on free ports, a throw-away data folder): the demo tenant, the
/// shop and console folders and the demo API. Event stream heartbeats are shortened so a test can wait for one.
/// </summary>
public sealed class DemoStackFixture : IAsyncLifetime
{
    public const string DemoApiKey = "cbk.demo.local.demo-secret-for-local-use-only";
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cobrowse-demo-it-" + Guid.NewGuid().ToString("N"));
    private LocalStackHost? _stack;

    public Uri BaseUrl => (_stack ?? throw new InvalidOperationException("The local stack has not started.")).Url;

    /// <summary>The stack's own origin, which the demo tenant allows.</summary>
    public string Origin => BaseUrl.GetLeftPart(UriPartial.Authority);

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
            ["LocalStack:Durable:TaskHubName"] = "CoBrowseDemoTests",
            ["LocalStack:FunctionKeys:0"] = LocalStackFixture.FunctionKey,
            ["LocalStack:Demo:Enabled"] = "true",
            ["LocalStack:Demo:EventStreamHeartbeatSeconds"] = $"{Heartbeat.TotalSeconds}",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await WaitForDemoTenantAsync();
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

    /// <summary>The tenant is seeded once the server listens; the first test must not race it.</summary>
    private async Task WaitForDemoTenantAsync()
    {
        using var http = CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agent-tokens") { Content = new StringContent("""{"agentId":"probe"}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {DemoApiKey}");
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The demo tenant was not seeded within 30 s.");
    }

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
public sealed class DemoStackCollection : ICollectionFixture<DemoStackFixture>
{
    public const string Name = "demo stack";
}
