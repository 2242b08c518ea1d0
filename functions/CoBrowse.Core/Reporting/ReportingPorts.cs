using CoBrowse.Core.Sessions;

namespace CoBrowse.Core.Reporting;

/// <summary>Session facts filed per tenant and UTC day.</summary>
public interface ISessionFactsStore
{
    /// <summary>Idempotent: writing the same session's facts again replaces them.</summary>
    Task UpsertAsync(SessionFacts facts, CancellationToken cancellationToken);

    /// <summary>
    /// The tenant's facts of the range's days, reading only those days' partitions. With <see cref="FactsDetail.Metrics"/>
    /// only what metrics count is read (ids of the interaction and contact, end time and navigations are left empty).
    /// </summary>
    Task<IReadOnlyList<SessionFacts>> ReadAsync(string tenantId, ReportRange range, FactsDetail detail, CancellationToken cancellationToken);
}

public enum FactsDetail
{
    /// <summary>Every column (the CSV export).</summary>
    Full,

    /// <summary>Only the columns metrics need: less to transfer and parse per row.</summary>
    Metrics,
}

/// <summary>One page of an external contact's sessions, newest first.</summary>
public sealed record ContactHistoryPage(IReadOnlyList<Session> Sessions, string? ContinuationToken);

/// <summary>Which sessions an external contact had: an index by tenant and contact, written when a session is created.</summary>
public interface IContactHistoryStore
{
    /// <summary>Up to <paramref name="pageSize"/> sessions after <paramref name="continuationToken"/>, newest first.</summary>
    Task<ContactHistoryPage> ReadAsync(string tenantId, string externalContactId, string? continuationToken, int pageSize, CancellationToken cancellationToken);
}

/// <summary>Bounds how many page navigations a session records: at most one per second and a fixed number in all.</summary>
public interface INavigationThrottle
{
    /// <summary>True when a navigation at <paramref name="at"/> may be recorded (and counts it); false when it is over a limit.</summary>
    Task<bool> TryPassAsync(string tenantId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken);
}
