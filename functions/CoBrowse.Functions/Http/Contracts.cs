using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Tenants;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Functions.Http;

// Request and response bodies of the v1 API.

public sealed record MintAgentTokenRequest(string? AgentId, IReadOnlyList<string>? Roles);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

public sealed class IssueSecurityKeyRequest
{
    public string? ExternalContactId { get; init; }
}

public sealed record SecurityKeyResponse(string Key, string DisplayKey, DateTimeOffset ExpiresAt, string SessionId, string InteractionId);

public sealed record RedeemKeyRequest(string? SiteKey, string? Key);

public sealed record CreateOfferRequest(Channel? Channel, string? ExternalContactId);

public sealed record OfferResponse(string OfferId, string SessionId, string InteractionId, Channel Channel, DateTimeOffset ExpiresAt, string Status);

public sealed record AnswerOfferRequest(string? SiteKey);

public sealed record JoinedSessionResponse(SessionView Session, string CustomerToken, DateTimeOffset CustomerTokenExpiresAt);

public sealed record InteractionEventRequest(string? Type);

public sealed record AcceptedResponse(string Status);

public sealed record SessionView(
    string SessionId,
    string InteractionId,
    Channel Channel,
    SessionState State,
    string OwnerAgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    EndReason? EndReason,
    string? ControlAgentId,
    int Version,
    string? ExternalContactId = null)
{
    public static SessionView From(Session s) => new(
        s.SessionId, s.InteractionId, s.Channel, s.State, s.OwnerAgentId, s.CreatedAt, s.UpdatedAt, s.StartedAt, s.EndedAt, s.EndReason, s.ControlAgentId, s.Version, s.ExternalContactId);
}

public sealed record SessionListResponse(IReadOnlyList<SessionView> Sessions);

public sealed record TimelineEventView(
    string EventId,
    string SessionId,
    Channel Channel,
    TimelineEventType Type,
    DateTimeOffset At,
    ActorKind ActorKind,
    string ActorId,
    EndReason? EndReason,
    double? DurationSeconds,
    string? Path = null,
    IReadOnlyList<HeldBackHost>? Hosts = null)
{
    public static TimelineEventView From(TimelineEvent e) => new(
        e.EventId, e.SessionId, e.Channel, e.Type, e.At, e.Actor.Kind, e.Actor.Id, e.EndReason, e.Duration?.TotalSeconds, e.Path, e.HeldBackHosts);
}

/// <summary>The interaction's events in order, and a summary per session (durations, control counts and time, navigations).</summary>
public sealed record TimelineResponse(string InteractionId, IReadOnlyList<TimelineEventView> Events, IReadOnlyList<TimelineSessionView>? Sessions = null);

public sealed record CreatedTenantResponse(
    string TenantId,
    string Name,
    string SiteKey,
    IReadOnlyList<string> AllowedOrigins,
    string ApiKey);

public sealed record ApiKeyResponse(string ApiKey);

/// <summary>A tenant's settings as the admin API shows them (never its API keys).</summary>
public sealed record TenantView(
    string TenantId,
    string Name,
    string SiteKey,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> AssetOrigins,
    bool AllowAnyHttpsAssets,
    IReadOnlyList<string> MaskSelectors,
    IReadOnlyList<string> RedactSelectors,
    IReadOnlyList<string> BlockSelectors,
    ChannelTimeoutOverrides? Timeouts,
    int RetentionDays,
    DateTimeOffset CreatedAt)
{
    public static TenantView From(Tenant t) => new(
        t.TenantId, t.Name, t.SiteKey, t.AllowedOrigins, t.AssetOrigins, t.AllowAnyHttpsAssets, t.MaskSelectors, t.RedactSelectors, t.BlockSelectors,
        t.Timeouts, t.RetentionDays, t.CreatedAt);
}

/// <summary>The health answer: overall status, when the (cached) checks ran, and each dependency by name.</summary>
public sealed record HealthResponse(string Status, DateTimeOffset CheckedAt, IReadOnlyDictionary<string, DependencyHealthView> Checks);

/// <summary>One dependency: <c>ok</c>, <c>notConfigured</c>, <c>unhealthy</c> or <c>timeout</c>, its latency, and a short failure kind.</summary>
public sealed record DependencyHealthView(string Status, long LatencyMs, string? Error);
