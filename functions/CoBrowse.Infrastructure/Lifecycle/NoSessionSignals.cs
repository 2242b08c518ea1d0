using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>For changes the lifecycle itself made: nothing to tell it.</summary>
public sealed class NoSessionSignals : ISessionSignals
{
    public static NoSessionSignals Instance { get; } = new();

    public Task SessionCreatedAsync(Session session, EndReason expiryReason, DateTimeOffset expiresAt, TimeSpan? inactivityTimeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CustomerJoinedAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ActivityAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SessionEndedAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task InteractionEventAsync(string tenantId, string interactionId, InteractionEventKind kind, CancellationToken cancellationToken) => Task.CompletedTask;
}
