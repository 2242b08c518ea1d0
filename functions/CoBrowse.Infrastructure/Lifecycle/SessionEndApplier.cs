using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>
/// The side effects of an end decided by the lifecycle (expiry, inactivity, interaction events): the table row
/// and the timeline. Idempotent, so an activity retry or a duplicate signal changes nothing twice.
/// </summary>
public sealed class SessionEndApplier(SessionService sessions)
{
    public async Task<SessionState> ApplyAsync(SessionEndRequest request, CancellationToken cancellationToken)
    {
        // The entity already knows the session ended; telling it again would only be a no-op, so no signals here.
        var session = await sessions.ApplyAsync(request.TenantId, request.SessionId, EndSession.BySystem(request.Reason), NoSignals.Instance, cancellationToken);
        return session.State;
    }

    private sealed class NoSignals : ISessionSignals
    {
        public static NoSignals Instance { get; } = new();

        public Task SessionCreatedAsync(Session session, EndReason expiryReason, DateTimeOffset expiresAt, TimeSpan? inactivityTimeout, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CustomerJoinedAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ActivityAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SessionEndedAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task InteractionEventAsync(string tenantId, string interactionId, InteractionEventKind kind, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
