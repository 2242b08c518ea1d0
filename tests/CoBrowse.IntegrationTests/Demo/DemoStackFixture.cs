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

    private readonly TestDataFolder _dataFolder = new("cobrowse-demo-it-");
    private LocalStackHost? _stack;

    public Uri BaseUrl => (_stack ?? throw new InvalidOperationException("The local stack has not started.")).Url;

    /// <summary>The stack's own origin, which the demo tenant allows.</summary>
    public string Origin => BaseUrl.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        // Unlike the other test stacks, the admin key and trusted proxy hops stay at their defaults here.
        var settings = TestStackSettings.Create(TestStackPorts.Free(), _dataFolder.Path, "CoBrowseDemoTests")
            .With(new()
            {
                ["LocalStack:Demo:Enabled"] = "true",
                ["LocalStack:Demo:EventStreamHeartbeatSeconds"] = $"{Heartbeat.TotalSeconds}",
            });
        _stack = await LocalStackHost.StartAsync([], configuration => configuration.AddInMemoryCollection(settings));
        await WaitForDemoTenantAsync();
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        _dataFolder.Delete();
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
}

[CollectionDefinition(Name)]
public sealed class DemoStackCollection : ICollectionFixture<DemoStackFixture>
{
    public const string Name = "demo stack";
}
