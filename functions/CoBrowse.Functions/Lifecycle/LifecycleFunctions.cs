using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.Functions.Lifecycle;

/// <summary>Registers the durable entities, the end orchestration and its activity with the Durable extension.</summary>
public sealed class LifecycleFunctions(SessionEndApplier endApplier)
{
    [Function(LifecycleNames.SessionEntity)]
    public static Task CobrowseSessionEntity([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<CobrowseSession>();

    [Function(LifecycleNames.InteractionEntity)]
    public static Task InteractionEntity([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<Interaction>();

    /// <summary>Runs the end's side effects outside the entity, with retries for transient storage failures.</summary>
    [Function(LifecycleNames.EndSessionOrchestration)]
    public static async Task<SessionState> EndSessionOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<SessionEndRequest>()
            ?? throw new InvalidOperationException("The end orchestration needs a SessionEndRequest.");
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));
        return await context.CallActivityAsync<SessionState>(LifecycleNames.ApplySessionEndActivity, request, retry);
    }

    [Function(LifecycleNames.ApplySessionEndActivity)]
    public Task<SessionState> ApplySessionEnd([ActivityTrigger] SessionEndRequest request, CancellationToken cancellationToken) =>
        endApplier.ApplyAsync(request, cancellationToken);
}
