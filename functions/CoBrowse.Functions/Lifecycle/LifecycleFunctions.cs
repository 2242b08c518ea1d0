using CoBrowse.Core.Sessions;
using CoBrowse.Infrastructure.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.Functions.Lifecycle;

/// <summary>
/// Registers the lifecycle's entities, orchestration and activity with the Durable extension. Each function only
/// hands over to the class of the same name, which the local stack runs directly on the Durable Task engine.
/// </summary>
public sealed class LifecycleFunctions(ApplySessionEnd applySessionEnd)
{
    [Function(LifecycleNames.SessionEntity)]
    public static Task CobrowseSessionEntity([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<CobrowseSession>();

    [Function(LifecycleNames.InteractionEntity)]
    public static Task InteractionEntity([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<Interaction>();

    [Function(LifecycleNames.EndSessionOrchestration)]
    public static Task<SessionState> EndSession([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EndSessionOrchestration().RunAsync(context, context.GetInput<SessionEndRequest>()
            ?? throw new InvalidOperationException("The end orchestration needs a SessionEndRequest."));

    [Function(LifecycleNames.ApplySessionEndActivity)]
    public Task<SessionState> ApplyEnd([ActivityTrigger] SessionEndRequest request, CancellationToken cancellationToken) =>
        applySessionEnd.ApplyAsync(request, cancellationToken);
}
