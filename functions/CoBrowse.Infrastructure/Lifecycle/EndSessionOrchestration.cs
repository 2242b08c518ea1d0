using CoBrowse.Core.Sessions;
using Microsoft.DurableTask;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>Runs the side effects of an end the lifecycle decided, outside the entity and with retries.</summary>
public sealed class EndSessionOrchestration : TaskOrchestrator<SessionEndRequest, SessionState>
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override Task<SessionState> RunAsync(TaskOrchestrationContext context, SessionEndRequest input) =>
        context.CallActivityAsync<SessionState>(LifecycleNames.ApplySessionEndActivity, input, Retry);
}
