using CoBrowse.Core.Channels;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Tests.Reporting;

public sealed class SessionActivityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static TimelineEvent At(string sessionId, TimelineEventType type, int second, EndReason? reason = null, int version = 0) => new()
    {
        TenantId = "t",
        InteractionId = "i",
        SessionId = sessionId,
        Channel = Channel.Voice,
        Type = type,
        At = T0.AddSeconds(second),
        Actor = Actor.Customer,
        SessionVersion = version,
        EventKey = $"{sessionId}.{type}.{second}",
        EndReason = reason,
    };

    [Fact]
    public void ControlTimeAddsEachGrantUntilItsRevokeOrTheEnd()
    {
        var events = new[]
        {
            At("s1", TimelineEventType.KeyIssued, 0),
            At("s1", TimelineEventType.SessionStarted, 10),
            At("s1", TimelineEventType.ControlRequested, 20),
            At("s1", TimelineEventType.ControlGranted, 25),
            At("s1", TimelineEventType.ControlRevoked, 55),
            At("s1", TimelineEventType.ControlRequested, 60),
            At("s1", TimelineEventType.ControlDenied, 62),
            At("s1", TimelineEventType.ControlRequested, 70),
            At("s1", TimelineEventType.ControlGranted, 72),
            At("s1", TimelineEventType.PageNavigated, 80),
            At("s1", TimelineEventType.SessionEnded, 100, EndReason.AgentEnded),
        };

        var activity = Assert.Single(SessionActivity.Summarize(events.Reverse(), T0.AddHours(1)));

        Assert.Equal(TimeSpan.FromSeconds(30 + 28), activity.ControlTime);
        Assert.Equal(3, activity.ControlRequests);
        Assert.Equal(2, activity.ControlApprovals);
        Assert.Equal(1, activity.ControlDenials);
        Assert.Equal(1, activity.Navigations);
        Assert.Equal(T0, activity.OfferedAt);
        Assert.Equal(TimeSpan.FromSeconds(90), activity.Duration);
        Assert.Equal(EndReason.AgentEnded, activity.EndReason);
    }

    [Fact]
    public void ControlStillHeldCountsUntilNow()
    {
        var events = new[] { At("s1", TimelineEventType.SessionStarted, 0), At("s1", TimelineEventType.ControlGranted, 10) };
        Assert.Equal(TimeSpan.FromSeconds(50), SessionActivity.Summarize(events, T0.AddSeconds(60)).Single().ControlTime);
    }

    [Fact]
    public void ADeclinedOfferHasNoStartAndNoDuration()
    {
        var events = new[] { At("s2", TimelineEventType.Offered, 0), At("s2", TimelineEventType.SessionEnded, 5, EndReason.OfferDeclined) };
        var activity = SessionActivity.Summarize(events, T0.AddMinutes(1)).Single();
        Assert.Null(activity.StartedAt);
        Assert.Null(activity.Duration);
        Assert.Equal(EndReason.OfferDeclined, activity.EndReason);
    }

    [Fact]
    public void SessionsOfOneInteractionAreSummarizedApart()
    {
        var events = new[]
        {
            At("a", TimelineEventType.SessionStarted, 0), At("b", TimelineEventType.SessionStarted, 1),
            At("a", TimelineEventType.ControlRequested, 2), At("b", TimelineEventType.SessionEnded, 3, EndReason.CustomerEnded),
        };
        var summaries = SessionActivity.Summarize(events, T0.AddMinutes(1));
        Assert.Equal(["a", "b"], summaries.Select(s => s.SessionId));
        Assert.Equal([1, 0], summaries.Select(s => s.ControlRequests));
        Assert.Equal([null, TimeSpan.FromSeconds(2)], summaries.Select(s => s.Duration));
    }
}
