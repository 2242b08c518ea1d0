using CoBrowse.Infrastructure.Storage;

namespace CoBrowse.Infrastructure.Health;

/// <summary>Table Storage answers a point read of the Tenants table (a missing row is a fine answer).</summary>
public sealed class TableStorageCheck(CoBrowseTables tables) : IDependencyCheck
{
    public string Name => "tableStorage";

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        await tables.Tenants.GetEntityIfExistsAsync<TableEntity>("health", "probe", select: ["PartitionKey"], cancellationToken: cancellationToken);
        return DependencyStatus.Ok;
    }
}
