using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.Infrastructure.Health;

/// <summary>
/// The durable task hub's storage answers an entity read (a session entity that never exists), through the same
/// client the functions use; the Functions host and the local engine both read the hub's storage for it.
/// </summary>
public sealed class DurableTaskHubCheck(DurableTaskClient durable) : IDependencyCheck
{
    private static readonly EntityInstanceId Probe = new(nameof(CobrowseSession), "health-probe");

    public string Name => "durableTaskHub";

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        await durable.Entities.GetEntityAsync(Probe, includeState: false, cancellation: cancellationToken);
        return DependencyStatus.Ok;
    }
}
