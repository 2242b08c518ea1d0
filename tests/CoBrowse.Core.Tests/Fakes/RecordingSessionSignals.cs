using CoBrowse.Core.Application;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Records what the services tell the durable lifecycle, in order.</summary>
public sealed class RecordingSessionSignals : ISessionSignals
{
    private readonly List<SignalCall> _calls = [];

    public IReadOnlyList<SignalCall> Calls => _calls;

    public IEnumerable<T> OfType<T>()
        where T : SignalCall => _calls.OfType<T>();

    public Task SessionCreatedAsync(Session session, EndReason expiryReason, DateTimeOffset expiresAt, TimeSpan? inactivityTimeout, CancellationToken cancellationToken) =>
        Record(new SessionCreatedSignal(session, expiryReason, expiresAt, inactivityTimeout));

    public Task CustomerJoinedAsync(Session session, CancellationToken cancellationToken) => Record(new CustomerJoinedSignal(session));

    public Task ActivityAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Record(new ActivitySignal(tenantId, sessionId, at));

    public Task SessionEndedAsync(Session session, CancellationToken cancellationToken) => Record(new SessionEndedSignal(session));

    public Task InteractionEventAsync(string tenantId, string interactionId, InteractionEventKind kind, CancellationToken cancellationToken) =>
        Record(new InteractionEventSignal(tenantId, interactionId, kind));

    private Task Record(SignalCall call)
    {
        _calls.Add(call);
        return Task.CompletedTask;
    }
}

public abstract record SignalCall;

public sealed record SessionCreatedSignal(Session Session, EndReason ExpiryReason, DateTimeOffset ExpiresAt, TimeSpan? InactivityTimeout) : SignalCall;

public sealed record CustomerJoinedSignal(Session Session) : SignalCall;

public sealed record ActivitySignal(string TenantId, string SessionId, DateTimeOffset At) : SignalCall;

public sealed record SessionEndedSignal(Session Session) : SignalCall;

public sealed record InteractionEventSignal(string TenantId, string InteractionId, InteractionEventKind Kind) : SignalCall;
