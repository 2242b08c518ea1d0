using CoBrowse.IntegrationTests.Infrastructure;
using CoBrowse.LocalStack;
using Microsoft.Extensions.Configuration;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// A local stack (own Azurite on free ports) for guessing storms: the default attempt limits, one trusted proxy hop so
/// the attacker can act from many addresses, and keys that live for the whole storm (the shared stack's keys expire
/// in seconds, which would void them by expiry instead of by their guess budget and prove nothing).
/// </summary>
public sealed class KeyStormStackFixture : IAsyncLifetime
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromMinutes(10);

    private readonly TestDataFolder _dataFolder = new("cobrowse-storm-it-");
    private LocalStackHost? _stack;

    public LocalStackHost Stack => _stack ?? throw new InvalidOperationException("The local stack has not started.");

    public async Task InitializeAsync()
    {
        var settings = TestStackSettings.Create(TestStackPorts.Free(), _dataFolder.Path, "CoBrowseStormTests")
            .WithAdministration()
            .WithPendingLifetimes(KeyLifetime, TimeSpan.FromMinutes(1));
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

    public HttpClient CreateClient() => new() { BaseAddress = Stack.Url, Timeout = TimeSpan.FromSeconds(120) };
}

[CollectionDefinition(Name)]
public sealed class KeyStormStackCollection : ICollectionFixture<KeyStormStackFixture>
{
    public const string Name = "key storm stack";
}
