using CoBrowse.Core.Channels;

namespace CoBrowse.Core.Sessions;

/// <summary>One co-browse between a customer's pages and the agents of one interaction.</summary>
public sealed record Session
{
    public required string TenantId { get; init; }

    public required string SessionId { get; init; }

    public required string InteractionId { get; init; }

    public required Channel Channel { get; init; }

    public required SessionState State { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the last transition happened.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The agent who started the session (issued the key or sent the offer).</summary>
    public required string OwnerAgentId { get; init; }

    public string? ExternalContactId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public EndReason? EndReason { get; init; }

    public Actor? EndedBy { get; init; }

    /// <summary>The agent whose navigation request is pending or approved.</summary>
    public string? ControlAgentId { get; init; }

    /// <summary>Counts transitions; part of each timeline event's key so replays never double an event.</summary>
    public int Version { get; init; }

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end ? end - start : null;
}
