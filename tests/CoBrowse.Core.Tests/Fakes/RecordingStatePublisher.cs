using CoBrowse.Core.Application;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Records the state frames the session service publishes, and how many realtime calls came before each.</summary>
public sealed class RecordingStatePublisher(RecordingRealtimeControl realtime) : ISessionStatePublisher
{
    private readonly List<PublishedState> _published = [];

    public IReadOnlyList<PublishedState> Published => _published;

    public bool Fail { get; set; }

    public Task PublishAsync(Session session, SessionTrigger change, Actor by, CancellationToken cancellationToken)
    {
        _published.Add(new PublishedState(session, change, by, realtime.Calls.Count));
        return Fail ? Task.FromException(new HttpRequestException("Web PubSub is unreachable.")) : Task.CompletedTask;
    }
}

public sealed record PublishedState(Session Session, SessionTrigger Change, Actor By, int RealtimeCallsBefore);
