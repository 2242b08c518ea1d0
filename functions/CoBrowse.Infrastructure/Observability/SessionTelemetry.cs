using CoBrowse.Core.Channels;
using CoBrowse.Core.Observability;
using CoBrowse.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace CoBrowse.Infrastructure.Observability;

/// <summary>
/// Turns each decided transition into one structured log line (named placeholders: <c>TenantId</c>,
/// <c>SessionId</c>, <c>InteractionId</c>, <c>Channel</c>, …) and the matching metrics. Ids, states and reasons
/// only: the services never hand it a key, token or page content. A failure here is logged and swallowed, since the
/// transition it reports is already written.
/// </summary>
public sealed partial class SessionTelemetry(CoBrowseMetrics metrics, ILogger<SessionTelemetry> logger) : ISessionObserver
{
    public void Created(Session session)
    {
        try
        {
            metrics.SessionCreated(session);
            LogCreated(logger, session.TenantId, session.SessionId, session.InteractionId, session.Channel, session.OwnerAgentId);
        }
        catch (Exception e)
        {
            LogReportFailed(logger, e, session.TenantId, session.SessionId);
        }
    }

    public void Transitioned(Session before, Session after, SessionTrigger change, Actor by)
    {
        try
        {
            Report(before, after, change, by);
        }
        catch (Exception e)
        {
            LogReportFailed(logger, e, after.TenantId, after.SessionId);
        }
    }

    public void SecurityKeyRejected(string tenantId, long tenantFailures)
    {
        try
        {
            metrics.SecurityKeyRejected(tenantId);
            LogKeyRejected(logger, tenantId, tenantFailures);
        }
        catch (Exception e)
        {
            LogReportFailed(logger, e, tenantId, string.Empty);
        }
    }

    private void Report(Session before, Session after, SessionTrigger change, Actor by)
    {
        switch (change)
        {
            case SessionTrigger.CustomerJoined:
                metrics.SessionStarted(after);
                var waitedMs = (long)((after.StartedAt ?? after.UpdatedAt) - after.CreatedAt).TotalMilliseconds;
                if (after.Channel == Channel.Voice)
                {
                    LogKeyRedeemed(logger, after.TenantId, after.SessionId, after.InteractionId);
                }

                LogStarted(logger, after.TenantId, after.SessionId, after.InteractionId, after.Channel, after.OwnerAgentId, waitedMs);
                break;
            case SessionTrigger.Ended:
                metrics.SessionEnded(after);
                LogEnded(logger, after.TenantId, after.SessionId, after.InteractionId, after.Channel, after.EndReason ?? EndReason.Error, by.Kind, before.State,
                    after.Duration is { } shared ? (long)shared.TotalMilliseconds : null);
                break;
            default:
                metrics.ControlChanged(after, change);
                LogControl(logger, after.TenantId, after.SessionId, after.InteractionId, change, after.ControlAgentId ?? before.ControlAgentId, by.Kind, after.State);
                break;
        }
    }

    [LoggerMessage(EventId = 2206, EventName = "SessionCreated", Level = LogLevel.Information,
        Message = "Session {SessionId} of tenant {TenantId} created on {Channel} by agent {AgentId} (interaction {InteractionId}); waiting for the customer")]
    private static partial void LogCreated(ILogger logger, string tenantId, string sessionId, string interactionId, Channel channel, string agentId);

    [LoggerMessage(EventId = 2200, EventName = "SessionStarted", Level = LogLevel.Information,
        Message = "Session {SessionId} of tenant {TenantId} started on {Channel} (interaction {InteractionId}, agent {AgentId}) {WaitedMs} ms after it was offered")]
    private static partial void LogStarted(ILogger logger, string tenantId, string sessionId, string interactionId, Channel channel, string agentId, long waitedMs);

    [LoggerMessage(EventId = 2201, EventName = "SessionEnded", Level = LogLevel.Information,
        Message = "Session {SessionId} of tenant {TenantId} ended: {EndReason} by {ActorKind} from {PreviousState} (interaction {InteractionId}, {Channel}, shared {DurationMs} ms)")]
    private static partial void LogEnded(ILogger logger, string tenantId, string sessionId, string interactionId, Channel channel, EndReason endReason, ActorKind actorKind, SessionState previousState, long? durationMs);

    [LoggerMessage(EventId = 2202, EventName = "ControlChanged", Level = LogLevel.Information,
        Message = "Control {ControlChange} in session {SessionId} of tenant {TenantId} by {ActorKind} (agent {ControlAgentId}, now {State}, interaction {InteractionId})")]
    private static partial void LogControl(ILogger logger, string tenantId, string sessionId, string interactionId, SessionTrigger controlChange, string? controlAgentId, ActorKind actorKind, SessionState state);

    [LoggerMessage(EventId = 2203, EventName = "SecurityKeyRedeemed", Level = LogLevel.Information,
        Message = "Security key redeemed for session {SessionId} of tenant {TenantId} (interaction {InteractionId})")]
    private static partial void LogKeyRedeemed(ILogger logger, string tenantId, string sessionId, string interactionId);

    [LoggerMessage(EventId = 2204, EventName = "SecurityKeyRejected", Level = LogLevel.Warning,
        Message = "Wrong security key for tenant {TenantId}: {TenantFailures} wrong keys in the current window")]
    private static partial void LogKeyRejected(ILogger logger, string tenantId, long tenantFailures);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Reporting a change of session {SessionId} of tenant {TenantId} failed")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string tenantId, string sessionId);
}
