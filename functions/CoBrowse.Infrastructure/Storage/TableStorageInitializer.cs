using Microsoft.Extensions.Hosting;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>Creates the tables when the app starts, so requests never race table creation.</summary>
public sealed class TableStorageInitializer(CoBrowseTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
