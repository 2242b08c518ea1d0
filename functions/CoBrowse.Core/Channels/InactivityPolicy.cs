namespace CoBrowse.Core.Channels;

/// <summary>Decides, from the last activity and the timeout, whether a session has gone idle or when to look again.</summary>
public static class InactivityPolicy
{
    public static InactivityVerdict Evaluate(DateTimeOffset lastActivity, TimeSpan? timeout, DateTimeOffset now)
    {
        if (timeout is not { } limit)
        {
            return InactivityVerdict.NeverExpires;
        }

        var deadline = lastActivity + limit;
        return now >= deadline ? InactivityVerdict.Expired : InactivityVerdict.CheckAgainAt(deadline);
    }
}

public sealed record InactivityVerdict(bool IsExpired, DateTimeOffset? NextCheck)
{
    public static InactivityVerdict NeverExpires { get; } = new(false, null);

    public static InactivityVerdict Expired { get; } = new(true, null);

    public static InactivityVerdict CheckAgainAt(DateTimeOffset when) => new(false, when);
}
