namespace CoBrowse.Infrastructure.Storage;

/// <summary>The tables CoBrowse keeps, created once at start-up.</summary>
public sealed class CoBrowseTables(TableServiceClient service)
{
    public TableClient Tenants { get; } = service.GetTableClient("Tenants");

    public TableClient ApiKeys { get; } = service.GetTableClient("ApiKeys");

    public TableClient Sessions { get; } = service.GetTableClient("Sessions");

    public TableClient Timeline { get; } = service.GetTableClient("Timeline");

    public TableClient SecurityKeys { get; } = service.GetTableClient("SecurityKeys");

    public TableClient Offers { get; } = service.GetTableClient("Offers");

    public TableClient Attempts { get; } = service.GetTableClient("Attempts");

    /// <summary>Live realtime connections per session (written on connected, deleted on disconnected).</summary>
    public TableClient Presence { get; } = service.GetTableClient("Presence");

    /// <summary>Ended sessions for reports, one partition per tenant and UTC day (<c>{tenant}|{yyyyMMdd}</c>).</summary>
    public TableClient SessionFacts { get; } = service.GetTableClient("SessionFacts");

    /// <summary>An external contact's sessions, one partition per tenant and contact, newest first.</summary>
    public TableClient ContactSessions { get; } = service.GetTableClient("ContactSessions");

    public IEnumerable<TableClient> All => [Tenants, ApiKeys, Sessions, Timeline, SecurityKeys, Offers, Attempts, Presence, SessionFacts, ContactSessions];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
