using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Lifecycle;

/// <summary>Input of the session entity's <c>Created</c> operation.</summary>
public sealed record SessionCreated(
    string TenantId,
    string SessionId,
    string InteractionId,
    Channel Channel,
    EndReason ExpiryReason,
    DateTimeOffset ExpiresAt,
    TimeSpan? InactivityTimeout);

/// <summary>Input of the end orchestration and its activity: end this session, for this reason, with all side effects.</summary>
public sealed record SessionEndRequest(string TenantId, string SessionId, EndReason Reason);

/// <summary>A session attached to an interaction.</summary>
public sealed record AttachedSession(string TenantId, string SessionId);
