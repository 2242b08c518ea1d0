using CoBrowse.Core.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// Stands in when neither CoBrowse:WebPubSub:ConnectionString nor :Endpoint is set: session transitions have no
/// realtime side effects, negotiate answers 503, and no upstream request passes (there is no key to check).
/// </summary>
public sealed class DisabledRealtime : IRealtimeSessionControl, ISessionStatePublisher, IClientAccessMinter, IConnectionPermissions
{
    public Task GrantControlAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RevokeControlAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CloseSessionAsync(Session session, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishAsync(Session session, SessionTrigger change, Actor by, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task GrantControlAsync(string connectionId, string sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RevokeControlAsync(string connectionId, string sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ClientAccess> MintAsync(RealtimeParticipant participant, CancellationToken cancellationToken) =>
        throw CoBrowseProblemException.Unavailable("Realtime is not configured: set CoBrowse:WebPubSub:ConnectionString or CoBrowse:WebPubSub:Endpoint.");
}

/// <summary>Says once, at start-up, that realtime is off.</summary>
public sealed partial class DisabledRealtimeNotice(ILogger<DisabledRealtime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogDisabled(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3300, Level = LogLevel.Warning, Message = "Realtime is disabled: CoBrowse:WebPubSub has neither ConnectionString nor Endpoint; negotiate answers 503 and sessions change without Web PubSub side effects")]
    private static partial void LogDisabled(ILogger logger);
}
