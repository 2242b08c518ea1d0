using CoBrowse.Core.Application;
using CoBrowse.Core.Security;

namespace CoBrowse.Core.Reporting;

/// <summary>
/// Reports for a tenant's own reporting: metrics, session rows and contact history. Callers are the tenant's backend
/// (API key) or agents with the reporting or supervisor role; the tenant always comes from the credential.
/// </summary>
public sealed class ReportingService(ISessionFactsStore facts, IContactHistoryStore contacts)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<MetricsReport> MetricsAsync(Principal caller, ReportRange range, MetricsGrouping groupBy, CancellationToken cancellationToken)
    {
        var tenantId = RequireReporter(caller);
        var rows = await facts.ReadAsync(tenantId, range, FactsDetail.Metrics, cancellationToken);
        return MetricsAggregator.Aggregate(rows, range, groupBy);
    }

    /// <summary>The range's sessions, oldest first (by creation).</summary>
    public async Task<IReadOnlyList<SessionFacts>> SessionsAsync(Principal caller, ReportRange range, CancellationToken cancellationToken)
    {
        var tenantId = RequireReporter(caller);
        var rows = await facts.ReadAsync(tenantId, range, FactsDetail.Full, cancellationToken);
        return rows.OrderBy(f => f.CreatedAt).ThenBy(f => f.SessionId, StringComparer.Ordinal).ToList();
    }

    public Task<ContactHistoryPage> ContactHistoryAsync(Principal caller, string? externalContactId, string? continuationToken, int? pageSize, CancellationToken cancellationToken)
    {
        var tenantId = RequireReporter(caller);
        var contact = Identifiers.Require(externalContactId, nameof(externalContactId));
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw CoBrowseProblemException.BadRequest($"'pageSize' must be 1 to {MaxPageSize}.");
        }

        return contacts.ReadAsync(tenantId, contact, continuationToken, size, cancellationToken);
    }

    /// <summary>The caller's tenant, when the caller may read reports; 403 otherwise.</summary>
    public static string RequireReporter(Principal caller) => caller switch
    {
        TenantBackendPrincipal backend => backend.TenantId,
        AgentPrincipal agent when agent.IsInRole(AgentRoles.Reporting) || agent.IsInRole(AgentRoles.Supervisor) => agent.TenantId,
        AgentPrincipal => throw CoBrowseProblemException.Forbidden("Reports need the 'reporting' or 'supervisor' role."),
        _ => throw CoBrowseProblemException.Forbidden("Reports need a tenant API key or an agent token with the 'reporting' or 'supervisor' role."),
    };
}
