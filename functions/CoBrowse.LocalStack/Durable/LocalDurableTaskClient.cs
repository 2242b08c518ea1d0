using DurableTask.Core;
using DurableTask.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.LocalStack.Durable;

/// <summary>
/// What the Functions host would bind to <c>[DurableClient] DurableTaskClient</c>, over the local engine.
/// It implements the members our functions use (entity signals and reads); the rest say so if called.
/// </summary>
public sealed class LocalDurableTaskClient(LocalDurableEngine engine) : DurableTaskClient("local")
{
    private static readonly DataConverter Converter = JsonDataConverter.Default;

    public override DurableEntityClient Entities { get; } = new LocalEntityClient(engine);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        throw NotUsed();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw NotUsed();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw NotUsed();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw NotUsed();

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw NotUsed();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw NotUsed();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw NotUsed();

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw NotUsed();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw NotUsed();

    public override Task<Microsoft.DurableTask.Client.PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw NotUsed();

    public override Task<Microsoft.DurableTask.Client.PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw NotUsed();

    private static NotSupportedException NotUsed([System.Runtime.CompilerServices.CallerMemberName] string member = "") =>
        new($"The local stack's DurableTaskClient does not implement {member}; add it in {nameof(LocalDurableTaskClient)} when a function needs it.");

    private sealed class LocalEntityClient(LocalDurableEngine engine) : DurableEntityClient("local")
    {
        public override Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
        {
            (DateTime Original, DateTime Capped)? scheduled = options?.SignalTime is { } at ? (at.UtcDateTime, at.UtcDateTime) : null;
            var signal = ClientEntityHelpers.EmitOperationSignal(
                new OrchestrationInstance { InstanceId = id.ToString() }, Guid.NewGuid(), operationName, Converter.Serialize(input), scheduled);
            return engine.Service.SendTaskOrchestrationMessageAsync(signal.AsTaskMessage());
        }

        public override async Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
        {
            var found = await QueryAsync(id, includeState, cancellation);
            return found is null ? null : new EntityMetadata(id, includeState ? new SerializedData(found.Value.SerializedState!, Converter) : null);
        }

        public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
        {
            var found = await QueryAsync(id, includeState, cancellation);
            return found is null ? null
                : includeState ? new EntityMetadata<T>(id, Converter.Deserialize<T>(found.Value.SerializedState)!)
                : new EntityMetadata<T>(id);
        }

        public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) => throw NotUsed();

        public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) => throw NotUsed();

        public override Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default) => throw NotUsed();

        private Task<EntityBackendQueries.EntityMetadata?> QueryAsync(EntityInstanceId id, bool includeState, CancellationToken cancellation) =>
            ((IEntityOrchestrationService)engine.Service).EntityBackendQueries!.GetEntityAsync(
                new EntityId(id.Name, id.Key), includeState, includeStateless: false, cancellation);
    }
}
