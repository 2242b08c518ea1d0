namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>A user event's outcome: report activity (204), or refuse (400).</summary>
public sealed record UserEventDecision(RealtimeParticipant? ActivityOf, DateTimeOffset At, string? Problem)
{
    public static UserEventDecision Refuse(string problem) => new(null, default, problem);
}

/// <summary>
/// User events clients may send. <c>activity</c>: real user activity (throttled by the clients), which postpones
/// the session's inactivity end; who and which session come from the connection state, never from the payload.
/// </summary>
public sealed class UserEventHandler(TimeProvider clock)
{
    public const string Activity = "activity";

    public UserEventDecision Decide(UserEvent userEvent)
    {
        if (userEvent.Name != Activity)
        {
            return UserEventDecision.Refuse($"unknown event '{userEvent.Name}'");
        }

        return userEvent.Context.Participant switch
        {
            { Role: RealtimeRole.Supervisor } => UserEventDecision.Refuse("a watching supervisor is not a participant"), // watching must not keep a session alive
            { } participant => new UserEventDecision(participant, clock.GetUtcNow(), null),
            null => UserEventDecision.Refuse("not a cobrowse connection"),
        };
    }
}
