using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>What to answer the service: a status, and for connect the JSON answer and the connection state.</summary>
public sealed record UpstreamReply(int Status, ConnectResponse? Connect = null, string? Text = null, string? ConnectionState = null)
{
    public static UpstreamReply Ok { get; } = new(200);

    public static UpstreamReply NoContent { get; } = new(204);

    public static UpstreamReply BadRequest(string text) => new(400, Text: text);

    public static UpstreamReply Unauthorized(string text) => new(401, Text: text);
}

/// <summary>
/// Runs one verified upstream event: asks its handler for a decision, then carries out the I/O (presence rows,
/// permission calls, lifecycle signals). Non-blocking events never fail back to the service: their failures are
/// logged, since the service ignores the answer anyway.
/// </summary>
public sealed partial class UpstreamEventDispatcher(
    WebPubSubHub hub,
    ConnectEventHandler connect,
    ConnectedEventHandler connected,
    DisconnectedEventHandler disconnected,
    UserEventHandler userEvents,
    NavigationEventHandler navigations,
    IPresenceStore presence,
    IConnectionPermissions permissions,
    PresenceTimeline presenceTimeline,
    ILogger<UpstreamEventDispatcher> logger)
{
    public async Task<UpstreamReply> DispatchAsync(UpstreamEvent upstreamEvent, ISessionSignals signals, CancellationToken cancellationToken)
    {
        if (!string.Equals(upstreamEvent.Context.Hub, hub.Name, StringComparison.OrdinalIgnoreCase))
        {
            return UpstreamReply.BadRequest("unknown hub");
        }

        return upstreamEvent switch
        {
            ConnectEvent e => await ConnectAsync(e, cancellationToken),
            ConnectedEvent e => await ConnectedAsync(e, cancellationToken),
            DisconnectedEvent e => await DisconnectedAsync(e, cancellationToken),
            UserEvent { Name: NavigationEventHandler.EventName } e => await navigations.HandleAsync(e, cancellationToken),
            UserEvent e => await UserEventAsync(e, signals, cancellationToken),
            _ => UpstreamReply.BadRequest("unsupported event"),
        };
    }

    private async Task<UpstreamReply> ConnectAsync(ConnectEvent e, CancellationToken cancellationToken)
    {
        var decision = await connect.DecideAsync(e, cancellationToken);
        if (!decision.Accepted)
        {
            LogConnectRejected(logger, e.Context.ConnectionId, decision.RejectReason!);
            return UpstreamReply.Unauthorized(decision.RejectReason!);
        }

        return new UpstreamReply(200, decision.Response, ConnectionState: decision.ConnectionState);
    }

    private async Task<UpstreamReply> ConnectedAsync(ConnectedEvent e, CancellationToken cancellationToken)
    {
        try
        {
            var decision = await connected.DecideAsync(e, cancellationToken);
            if (decision.Presence is not { } entry)
            {
                LogNotOurs(logger, e.Context.ConnectionId, e.Context.EventName);
                return UpstreamReply.Ok;
            }

            await presence.UpsertAsync(entry, cancellationToken);
            await presenceTimeline.RecordAsync(e.Context.Participant!, entry.ConnectionId, connected: true, cancellationToken);
            LogConnected(logger, entry.TenantId, entry.SessionId, entry.ConnectionId, entry.UserId);
            switch (decision.Control)
            {
                case ControlSync.Grant:
                    await permissions.GrantControlAsync(entry.ConnectionId, entry.SessionId, cancellationToken);
                    break;
                case ControlSync.Revoke:
                    await permissions.RevokeControlAsync(entry.ConnectionId, entry.SessionId, cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEventFailed(logger, ex, e.Context.EventName, e.Context.ConnectionId);
        }

        return UpstreamReply.Ok;
    }

    private async Task<UpstreamReply> DisconnectedAsync(DisconnectedEvent e, CancellationToken cancellationToken)
    {
        var decision = disconnected.Decide(e);
        if (!decision.RemovePresence)
        {
            LogNotOurs(logger, e.Context.ConnectionId, e.Context.EventName);
            return UpstreamReply.Ok;
        }

        try
        {
            await presence.RemoveAsync(decision.TenantId!, decision.SessionId!, decision.ConnectionId, cancellationToken);
            await presenceTimeline.RecordAsync(e.Context.Participant!, decision.ConnectionId, connected: false, cancellationToken);
            LogDisconnected(logger, decision.TenantId!, decision.SessionId!, decision.ConnectionId, e.Reason ?? string.Empty);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEventFailed(logger, ex, e.Context.EventName, e.Context.ConnectionId);
        }

        return UpstreamReply.Ok;
    }

    private async Task<UpstreamReply> UserEventAsync(UserEvent e, ISessionSignals signals, CancellationToken cancellationToken)
    {
        var decision = userEvents.Decide(e);
        if (decision.ActivityOf is not { } participant)
        {
            return UpstreamReply.BadRequest(decision.Problem!);
        }

        await signals.ActivityAsync(participant.TenantId, participant.SessionId, decision.At, cancellationToken);
        return UpstreamReply.NoContent;
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Realtime connect {ConnectionId} rejected: {Reason}")]
    private static partial void LogConnectRejected(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Realtime connection {ConnectionId} of {TenantId}/{SessionId} connected as {UserId}")]
    private static partial void LogConnected(ILogger logger, string tenantId, string sessionId, string connectionId, string userId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Realtime connection {ConnectionId} of {TenantId}/{SessionId} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string tenantId, string sessionId, string connectionId, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Realtime {EventName} for {ConnectionId} has no CoBrowse connection state; ignored")]
    private static partial void LogNotOurs(ILogger logger, string connectionId, string eventName);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Handling realtime {EventName} for {ConnectionId} failed")]
    private static partial void LogEventFailed(ILogger logger, Exception exception, string eventName, string connectionId);
}

/// <summary>The hub name CoBrowse uses (default <c>cobrowse</c>).</summary>
public sealed record WebPubSubHub(string Name);
