namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// Asks a session's customer for a fresh snapshot on a watching supervisor's behalf: the supervisor may send nothing,
/// so the service puts the same <c>{v:1,t:"resync"}</c> request an agent would send into the guide group.
/// </summary>
public interface ILiveSnapshotRequester
{
    Task RequestAsync(string sessionId, CancellationToken cancellationToken);
}

public sealed class WebPubSubLiveSnapshotRequester(WebPubSubRestClient rest) : ILiveSnapshotRequester
{
    public Task RequestAsync(string sessionId, CancellationToken cancellationToken) =>
        rest.SendToGroupAsync(SessionGroups.Guide(sessionId), WebPubSubMessage.Json("""{"v":1,"t":"resync","reason":"join"}"""), cancellationToken);
}

public sealed class DisabledLiveSnapshotRequester : ILiveSnapshotRequester
{
    public Task RequestAsync(string sessionId, CancellationToken cancellationToken) =>
        throw CoBrowseProblemException.Unavailable("Realtime is not configured.");
}
