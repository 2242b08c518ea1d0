using CoBrowse.Infrastructure.Lifecycle;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker.Shims;

namespace CoBrowse.LocalStack.Durable;

/// <summary>
/// Adapts our Microsoft.DurableTask classes to the DurableTask.Core engine through the SDK's public shims,
/// creating each instance through DI exactly as the Functions worker does.
/// </summary>
internal sealed class ShimObjectCreators(DurableTaskShimFactory shims, IServiceProvider services)
{
    public ObjectCreator<DurableTask.Core.Entities.TaskEntity>[] Entities() =>
        LifecycleCatalog.Entities.Select(type => (ObjectCreator<DurableTask.Core.Entities.TaskEntity>)new Creator<DurableTask.Core.Entities.TaskEntity>(
            // Entity ids carry lower-cased names (the SDK lower-cases them), and the engine looks entities up by that name.
            type.Name.ToLowerInvariant(), () => new EntityShimPerBatch(shims, type, services))).ToArray();

    public ObjectCreator<TaskOrchestration>[] Orchestrations() =>
        LifecycleCatalog.Orchestrators.Select(type => (ObjectCreator<TaskOrchestration>)new Creator<TaskOrchestration>(
            type.Name, () => shims.CreateOrchestration(type.Name, (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type)))).ToArray();

    public ObjectCreator<TaskActivity>[] Activities() =>
        LifecycleCatalog.Activities.Select(type => (ObjectCreator<TaskActivity>)new Creator<TaskActivity>(
            type.Name, () => shims.CreateActivity(type.Name, (ITaskActivity)ActivatorUtilities.CreateInstance(services, type)))).ToArray();

    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }

    /// <summary>The engine hands an entity a batch with its instance id; the shim needs that id, so build it per batch.</summary>
    private sealed class EntityShimPerBatch(DurableTaskShimFactory shims, Type entityType, IServiceProvider services) : DurableTask.Core.Entities.TaskEntity
    {
        public override Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
        {
            var entity = (ITaskEntity)ActivatorUtilities.CreateInstance(services, entityType);
            var id = EntityId.FromString(operations.InstanceId!);
            return shims.CreateEntity(entityType.Name, entity, id).ExecuteOperationBatchAsync(operations);
        }
    }
}
