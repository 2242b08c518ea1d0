using CoBrowse.Core.Application;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Records the realtime side effects the session service asks for, in order; can be told to fail.</summary>
public sealed class RecordingRealtimeControl : IRealtimeSessionControl
{
    private readonly List<RealtimeCall> _calls = [];

    public IReadOnlyList<RealtimeCall> Calls => _calls;

    /// <summary>When set, every call is recorded and then throws, as an unreachable Web PubSub would.</summary>
    public bool Fail { get; set; }

    public Task GrantControlAsync(Session session, CancellationToken cancellationToken) => Record(new RealtimeCall(RealtimeCallKind.Grant, session));

    public Task RevokeControlAsync(Session session, CancellationToken cancellationToken) => Record(new RealtimeCall(RealtimeCallKind.Revoke, session));

    public Task CloseSessionAsync(Session session, CancellationToken cancellationToken) => Record(new RealtimeCall(RealtimeCallKind.Close, session));

    private Task Record(RealtimeCall call)
    {
        _calls.Add(call);
        return Fail ? Task.FromException(new HttpRequestException("Web PubSub is unreachable.")) : Task.CompletedTask;
    }
}

public enum RealtimeCallKind
{
    Grant,
    Revoke,
    Close,
}

public sealed record RealtimeCall(RealtimeCallKind Kind, Session Session);
