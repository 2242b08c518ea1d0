using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace CoBrowse.LocalStack.Durable;

/// <summary>
/// The real Durable Task engine (DurableTask.Core + the Azure Storage provider, the same backend as the Durable
/// extension's default) over Azurite, running our entity, orchestrator and activity classes. This and
/// <see cref="LocalDurableTaskClient"/> are the only local stand-ins for the Functions host's Durable extension.
/// </summary>
public sealed class LocalDurableEngine(
    IOptions<LocalDurableOptions> options,
    IOptions<Infrastructure.StorageOptions> storage,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService
{
    private TaskHubWorker? _worker;

    public AzureStorageOrchestrationService Service { get; } = new(Settings(options.Value, storage.Value, loggerFactory));

    private static AzureStorageOrchestrationServiceSettings Settings(LocalDurableOptions options, Infrastructure.StorageOptions storage, ILoggerFactory loggerFactory)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString
                ?? throw new InvalidOperationException("The local stack needs CoBrowse:Storage:ConnectionString.")),
            TaskHubName = options.TaskHubName,
            UseSeparateQueueForEntityWorkItems = true,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            LoggerFactory = loggerFactory,
        };
        if (options.QueueVisibilityTimeout is { } visibility)
        {
            settings.ControlQueueVisibilityTimeout = visibility;
            settings.WorkItemQueueVisibilityTimeout = visibility;
        }

        if (options.PartitionLeaseInterval is { } lease)
        {
            settings.LeaseInterval = lease;
            settings.LeaseRenewInterval = lease / 3;
            settings.LeaseAcquireInterval = lease / 3;
        }

        return settings;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Service.CreateIfNotExistsAsync();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true }, loggerFactory);
        var creators = new ShimObjectCreators(shims, services);
        _worker = new TaskHubWorker(Service, loggerFactory);
        _worker.AddTaskEntities(creators.Entities());
        _worker.AddTaskOrchestrations(creators.Orchestrations());
        _worker.AddTaskActivities(creators.Activities());
        await _worker.StartAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(isForced: true);
        }
    }
}
