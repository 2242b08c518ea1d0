using CoBrowse.Core.Sessions;
using Microsoft.DurableTask;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>
/// Writes an end the lifecycle decided (expiry, inactivity, interaction events): the table row and the timeline.
/// Idempotent, so a retry or a duplicate signal changes nothing twice.
/// </summary>
public sealed class ApplySessionEnd(SessionService sessions) : TaskActivity<SessionEndRequest, SessionState>
{
    public override Task<SessionState> RunAsync(TaskActivityContext context, SessionEndRequest input) =>
        ApplyAsync(input, CancellationToken.None);

    public async Task<SessionState> ApplyAsync(SessionEndRequest input, CancellationToken cancellationToken)
    {
        // The entity decided this end and already knows; no signals back to it.
        var session = await sessions.ApplyAsync(input.TenantId, input.SessionId, EndSession.BySystem(input.Reason), NoSessionSignals.Instance, cancellationToken);
        return session.State;
    }
}
