using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Observability;

/// <summary>
/// Hears what the application services decided, once per decision and never for a replay, so logs and metrics count
/// each transition once. It only ever receives ids, states, reasons and counts (never keys, tokens or page data);
/// implementations must not throw, since they run after the write that they report.
/// </summary>
public interface ISessionObserver
{
    /// <summary>A pending session was created (a key issued or an offer sent); it starts when the customer joins.</summary>
    void Created(Session session);

    /// <summary>The session moved from <paramref name="before"/> to <paramref name="after"/> (the guarded write succeeded).</summary>
    void Transitioned(Session before, Session after, SessionTrigger change, Actor by);

    /// <summary>
    /// A typed security key was wrong (or already used); <paramref name="tenantFailures"/> counts the tenant's guesses
    /// holding a place in the current window when this one was admitted (wrong ones and those still being judged).
    /// </summary>
    void SecurityKeyRejected(string tenantId, long tenantFailures);
}
