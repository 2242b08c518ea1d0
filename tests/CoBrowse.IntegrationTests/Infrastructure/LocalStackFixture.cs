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

    private readonly TestDataFolder _dataFolder = new("cobrowse-it-");
    private LocalStackHost? _stack;

    public LocalStackHost Stack => _stack ?? throw new InvalidOperationException("The local stack has not started.");

    public Uri BaseUrl => Stack.Url;

    public async Task InitializeAsync()
    {
        var settings = TestStackSettings.Create(TestStackPorts.Free(), _dataFolder.Path, "CoBrowseTests", FunctionKey)
            .WithAdministration(AdminKey)
            .WithPendingLifetimes(KeyLifetime, OfferLifetime);
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
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "local stack";
}
