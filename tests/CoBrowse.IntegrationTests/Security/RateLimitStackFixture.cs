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

    private readonly TestDataFolder _dataFolder = new("cobrowse-rate-it-");
    private LocalStackHost? _stack;

    public Uri BaseUrl => (_stack ?? throw new InvalidOperationException("The local stack has not started.")).Url;

    public async Task InitializeAsync()
    {
        var settings = TestStackSettings.Create(TestStackPorts.Free(), _dataFolder.Path, "CoBrowseRateTests")
            .WithAdministration()
            .With(new()
            {
                ["CoBrowse:RateLimits:WindowSeconds"] = $"{WindowSeconds}",
                ["CoBrowse:RateLimits:AgentTokensPerTenant"] = $"{AgentTokensPerTenant}",
                ["CoBrowse:RateLimits:AgentTokensPerAddress"] = $"{AgentTokensPerAddress}",
                ["CoBrowse:RateLimits:NegotiatesPerSubject"] = $"{NegotiatesPerSubject}",
                ["CoBrowse:RateLimits:NegotiatesPerAddress"] = $"{NegotiatesPerAddress}",
            });
        _stack = await LocalStackHost.StartAsync([], configuration => configuration.AddInMemoryCollection(settings));
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
}

[CollectionDefinition(Name)]
public sealed class RateLimitStackCollection : ICollectionFixture<RateLimitStackFixture>
{
    public const string Name = "rate-limit stack";
}
