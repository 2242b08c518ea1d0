using Microsoft.DurableTask.Entities;

namespace CoBrowse.Infrastructure.Tests.Lifecycle;

/// <summary>
/// Plays the engine for one entity instance: a fresh entity object per operation (as the worker activates them),
/// the same persisted state across operations, and one context recording every signal and orchestration.
/// </summary>
public sealed class EntityHarness<TState>(EntityInstanceId id, Func<ITaskEntity> activate)
    where TState : class
{
    public FakeEntityContext Context { get; } = new(id);

    public FakeEntityState Store { get; } = new();

    public TState State => Assert.IsType<TState>(Store.Value);

    public Task RunAsync(string operation) =>
        activate().RunAsync(FakeEntityOperation.WithoutInput(operation, Context, Store)).AsTask();

    public Task RunAsync(string operation, object? input) =>
        activate().RunAsync(FakeEntityOperation.WithInput(operation, Context, Store, input)).AsTask();
}
