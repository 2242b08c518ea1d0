using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.Infrastructure.Tests.Lifecycle;

/// <summary>A signal an entity sent: to whom, which operation, with what input, and when it is due (null: now).</summary>
public sealed record RecordedSignal(EntityInstanceId Target, string Operation, object? Input, DateTimeOffset? SignalTime);

/// <summary>An orchestration an entity started.</summary>
public sealed record ScheduledOrchestration(string Name, object? Input);

/// <summary>The entity's view of the engine: records what it asks for instead of doing it.</summary>
public sealed class FakeEntityContext(EntityInstanceId id) : TaskEntityContext
{
    public override EntityInstanceId Id { get; } = id;

    public List<RecordedSignal> Signals { get; } = [];

    public List<ScheduledOrchestration> Orchestrations { get; } = [];

    public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null) =>
        Signals.Add(new RecordedSignal(id, operationName, input, options?.SignalTime));

    public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null)
    {
        Orchestrations.Add(new ScheduledOrchestration(name.Name, input));
        return options?.InstanceId ?? Guid.NewGuid().ToString("N");
    }

    /// <summary>Forgets what was recorded so far, to look only at what the next operations do.</summary>
    public void Clear()
    {
        Signals.Clear();
        Orchestrations.Clear();
    }
}

/// <summary>The entity's persisted state, kept as the very object the entity set (no serialization).</summary>
public sealed class FakeEntityState : TaskEntityState
{
    public object? Value { get; private set; }

    public override bool HasState => Value is not null;

    public override object? GetState(Type type)
    {
        if (Value is not null && !type.IsInstanceOfType(Value))
        {
            throw new InvalidOperationException($"State is a {Value.GetType()}, not a {type}.");
        }

        return Value;
    }

    public override void SetState(object? state) => Value = state;
}

/// <summary>One operation delivered to an entity. Its input is handed over as is; its type must fit the parameter.</summary>
public sealed class FakeEntityOperation : TaskEntityOperation
{
    private readonly object? _input;

    private FakeEntityOperation(string name, TaskEntityContext context, TaskEntityState state, bool hasInput, object? input)
    {
        Name = name;
        Context = context;
        State = state;
        HasInput = hasInput;
        _input = input;
    }

    public override string Name { get; }

    public override TaskEntityContext Context { get; }

    public override TaskEntityState State { get; }

    public override bool HasInput { get; }

    public static FakeEntityOperation WithoutInput(string name, TaskEntityContext context, TaskEntityState state) =>
        new(name, context, state, hasInput: false, input: null);

    public static FakeEntityOperation WithInput(string name, TaskEntityContext context, TaskEntityState state, object? input) =>
        new(name, context, state, hasInput: true, input);

    public override object? GetInput(Type inputType)
    {
        if (_input is not null && !inputType.IsInstanceOfType(_input))
        {
            throw new InvalidOperationException($"Operation '{Name}' got a {_input.GetType()}, but its parameter is a {inputType}.");
        }

        return _input;
    }

    public override string ToString() => $"{Context.Id}/{Name}";
}
