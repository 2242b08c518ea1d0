using CoBrowse.Core.Sessions;
using Microsoft.DurableTask.Client;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>Tells the session and interaction entities what the API just did.</summary>
public sealed class DurableSessionSignals(DurableTaskClient client) : ISessionSignals
{
    public Task SessionCreatedAsync(Session session, EndReason expiryReason, DateTimeOffset expiresAt, TimeSpan? inactivityTimeout, CancellationToken cancellationToken) =>
        client.Entities.SignalEntityAsync(
            LifecycleNames.SessionEntityId(session.TenantId, session.SessionId),
            nameof(CobrowseSession.Created),
            new SessionCreated(session.TenantId, session.SessionId, session.InteractionId, session.Channel, expiryReason, expiresAt, inactivityTimeout),
            cancellation: cancellationToken);

    public Task CustomerJoinedAsync(Session session, CancellationToken cancellationToken) =>
        client.Entities.SignalEntityAsync(LifecycleNames.SessionEntityId(session.TenantId, session.SessionId), nameof(CobrowseSession.Joined), cancellation: cancellationToken);

    public Task ActivityAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken) =>
        // Named: a bare DateTimeOffset would bind to the overload whose SignalEntityOptions converts from it (a signal time).
        client.Entities.SignalEntityAsync(LifecycleNames.SessionEntityId(tenantId, sessionId), nameof(CobrowseSession.Activity), input: at, cancellation: cancellationToken);

    public Task SessionEndedAsync(Session session, CancellationToken cancellationToken) =>
        client.Entities.SignalEntityAsync(LifecycleNames.SessionEntityId(session.TenantId, session.SessionId), nameof(CobrowseSession.Ended), input: session.EndReason, cancellation: cancellationToken);

    public Task InteractionEventAsync(string tenantId, string interactionId, InteractionEventKind kind, CancellationToken cancellationToken) =>
        client.Entities.SignalEntityAsync(
            LifecycleNames.InteractionEntityId(tenantId, interactionId),
            kind == InteractionEventKind.Transferred ? nameof(Interaction.Transferred) : nameof(Interaction.Ended),
            cancellation: cancellationToken);
}
