using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Reporting;

/// <summary>
/// One ended session, as reports count it: written once when the session ends (again, identically, on a retry) and
/// filed under the UTC day it was created, so a date range reads exactly its days.
/// </summary>
public sealed record SessionFacts
{
    public required string TenantId { get; init; }

    public required string SessionId { get; init; }

    public required string InteractionId { get; init; }

    public required Channel Channel { get; init; }

    public required string OwnerAgentId { get; init; }

    public string? ExternalContactId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Null for sessions the customer never joined (declined, expired, ended while pending).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    public required EndReason EndReason { get; init; }

    public TimeSpan? Duration { get; init; }

    public int ControlRequests { get; init; }

    public int ControlApprovals { get; init; }

    public TimeSpan ControlTime { get; init; }

    public int Navigations { get; init; }

    /// <summary>The UTC day a session is reported under.</summary>
    public DateOnly Day => DateOnly.FromDateTime(CreatedAt.UtcDateTime);

    /// <summary>Facts of an ended session from its row and its own timeline events; null while it has not ended.</summary>
    public static SessionFacts? For(Session session, SessionActivity activity)
    {
        if (session.State != SessionState.Ended || session.EndedAt is not { } endedAt || session.EndReason is not { } reason)
        {
            return null;
        }

        return new SessionFacts
        {
            TenantId = session.TenantId,
            SessionId = session.SessionId,
            InteractionId = session.InteractionId,
            Channel = session.Channel,
            OwnerAgentId = session.OwnerAgentId,
            ExternalContactId = session.ExternalContactId,
            CreatedAt = session.CreatedAt,
            StartedAt = session.StartedAt,
            EndedAt = endedAt,
            EndReason = reason,
            Duration = session.Duration,
            ControlRequests = activity.ControlRequests,
            ControlApprovals = activity.ControlApprovals,
            ControlTime = activity.ControlTime,
            Navigations = activity.Navigations,
        };
    }
}
