using CoBrowse.Core.Channels;
using CoBrowse.Core.Sessions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace CoBrowse.Infrastructure.Lifecycle;

public enum LifecyclePhase
{
    Unknown,
    Pending,
    Active,
    Ended,
}

public sealed class CobrowseSessionState
{
    public LifecyclePhase Phase { get; set; }

    public string TenantId { get; set; } = string.Empty;

    public string SessionId { get; set; } = string.Empty;

    public string InteractionId { get; set; } = string.Empty;

    public Channel Channel { get; set; }

    public EndReason ExpiryReason { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public TimeSpan? InactivityTimeout { get; set; }

    public DateTimeOffset LastActivity { get; set; }

    public EndReason? EndReason { get; set; }

    /// <summary>Signals from a client may arrive out of order: "joined" can overtake "created".</summary>
    public bool JoinedBeforeCreated { get; set; }
}

/// <summary>
/// The timekeeper of one session: ends it when its key or offer expires unanswered, or when it goes idle for
/// the channel's timeout. It decides; the end itself (table, timeline, connections) runs in an orchestration.
/// </summary>
public sealed class CobrowseSession(TimeProvider clock) : TaskEntity<CobrowseSessionState>
{
    public const string CheckInactivityOperation = nameof(CheckInactivity);

    public void Created(SessionCreated input)
    {
        if (State.Phase != LifecyclePhase.Unknown)
        {
            return;
        }

        var joined = State.JoinedBeforeCreated;
        State = new CobrowseSessionState
        {
            Phase = joined ? LifecyclePhase.Active : LifecyclePhase.Pending,
            TenantId = input.TenantId,
            SessionId = input.SessionId,
            InteractionId = input.InteractionId,
            Channel = input.Channel,
            ExpiryReason = input.ExpiryReason,
            ExpiresAt = input.ExpiresAt,
            InactivityTimeout = input.InactivityTimeout,
            LastActivity = clock.GetUtcNow(),
        };
        Context.SignalEntity(
            LifecycleNames.InteractionEntityId(input.TenantId, input.InteractionId), nameof(Interaction.Attach), new AttachedSession(input.TenantId, input.SessionId));
        if (joined)
        {
            ScheduleInactivityCheck();
        }
        else
        {
            Context.SignalEntity(Context.Id, nameof(Expire), options: new SignalEntityOptions { SignalTime = input.ExpiresAt });
        }
    }

    /// <summary>The key or offer's deadline: a session still waiting for the customer ends.</summary>
    public void Expire()
    {
        if (State.Phase != LifecyclePhase.Pending)
        {
            return;
        }

        // A scheduled signal can arrive a little early; the key or offer is still valid until its deadline.
        if (clock.GetUtcNow() < State.ExpiresAt)
        {
            Context.SignalEntity(Context.Id, nameof(Expire), options: new SignalEntityOptions { SignalTime = State.ExpiresAt });
            return;
        }

        EndNow(State.ExpiryReason);
    }

    public void Joined()
    {
        if (State.Phase == LifecyclePhase.Unknown)
        {
            State.JoinedBeforeCreated = true;
            return;
        }

        if (State.Phase != LifecyclePhase.Pending)
        {
            return;
        }

        State.Phase = LifecyclePhase.Active;
        State.LastActivity = clock.GetUtcNow();
        ScheduleInactivityCheck();
    }

    /// <summary>Real user activity postpones the inactivity end; the pending check notices and looks again later.</summary>
    public void Activity(DateTimeOffset at)
    {
        if (State.Phase == LifecyclePhase.Active && at > State.LastActivity)
        {
            State.LastActivity = at;
        }
    }

    public void CheckInactivity()
    {
        if (State.Phase != LifecyclePhase.Active)
        {
            return;
        }

        var verdict = InactivityPolicy.Evaluate(State.LastActivity, State.InactivityTimeout, clock.GetUtcNow());
        if (verdict.IsExpired)
        {
            EndNow(Core.Sessions.EndReason.Inactivity);
        }
        else if (verdict.NextCheck is { } next)
        {
            Context.SignalEntity(Context.Id, nameof(CheckInactivity), options: new SignalEntityOptions { SignalTime = next });
        }
    }

    /// <summary>Something outside the session ended it (interaction transferred or ended): run the end.</summary>
    public void End(EndReason reason)
    {
        if (State.Phase is LifecyclePhase.Pending or LifecyclePhase.Active)
        {
            EndNow(reason);
        }
    }

    /// <summary>The session was already ended through the API; only remember it, so no timer ends it again.</summary>
    public void Ended(EndReason reason)
    {
        if (State.Phase == LifecyclePhase.Unknown)
        {
            // Nothing is scheduled yet; remembering the end makes a late "created" a no-op.
            State.Phase = LifecyclePhase.Ended;
            State.EndReason = reason;
        }
        else if (State.Phase is LifecyclePhase.Pending or LifecyclePhase.Active)
        {
            State.Phase = LifecyclePhase.Ended;
            State.EndReason = reason;
            DetachFromInteraction();
        }
    }

    private void ScheduleInactivityCheck()
    {
        if (InactivityPolicy.Evaluate(State.LastActivity, State.InactivityTimeout, clock.GetUtcNow()).NextCheck is { } next)
        {
            Context.SignalEntity(Context.Id, nameof(CheckInactivity), options: new SignalEntityOptions { SignalTime = next });
        }
    }

    private void EndNow(EndReason reason)
    {
        State.Phase = LifecyclePhase.Ended;
        State.EndReason = reason;
        Context.ScheduleNewOrchestration(
            new TaskName(LifecycleNames.EndSessionOrchestration),
            new SessionEndRequest(State.TenantId, State.SessionId, reason));
        DetachFromInteraction();
    }

    private void DetachFromInteraction() =>
        Context.SignalEntity(LifecycleNames.InteractionEntityId(State.TenantId, State.InteractionId), nameof(Interaction.Detach), State.SessionId);
}
