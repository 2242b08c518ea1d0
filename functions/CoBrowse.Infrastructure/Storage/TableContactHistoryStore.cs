using System.Text.RegularExpressions;
using CoBrowse.Core.Reporting;
using CoBrowse.Core.Sessions;

namespace CoBrowse.Infrastructure.Storage;

/// <summary>
/// The index of an external contact's sessions: partition <c>{tenant}|{contact}</c>, row key
/// <c>{inverted created ticks}|{session id}</c> so a plain partition query returns the newest first. A page reads
/// its index rows and then each session's own row (point reads), so it shows the sessions' current state.
/// </summary>
public sealed partial class TableContactHistoryStore(CoBrowseTables tables, ISessionStore sessions) : IContactHistoryStore
{
    /// <summary>Adds the session to its contact's index (idempotent); sessions without a contact are not indexed.</summary>
    public static Task IndexAsync(CoBrowseTables tables, Session session, CancellationToken cancellationToken) =>
        session.ExternalContactId is not { } contact
            ? Task.CompletedTask
            : tables.ContactSessions.UpsertEntityAsync(
                new TableEntity(PartitionOf(session.TenantId, contact), RowKeyOf(session))
                {
                    ["SessionId"] = session.SessionId,
                    ["InteractionId"] = session.InteractionId,
                    ["CreatedAt"] = session.CreatedAt,
                },
                TableUpdateMode.Replace,
                cancellationToken);

    public async Task<ContactHistoryPage> ReadAsync(string tenantId, string externalContactId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        if (continuationToken is not null && !TokenFormat().IsMatch(continuationToken))
        {
            throw CoBrowseProblemException.BadRequest("'continuationToken' is not one this API returned.");
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(tenantId, externalContactId)}");
        if (continuationToken is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {continuationToken}");
        }

        // One more than a page tells whether another page exists without handing out a token to an empty page.
        var rows = new List<TableEntity>();
        await foreach (var row in tables.ContactSessions.QueryAsync<TableEntity>(filter, maxPerPage: pageSize + 1, select: ["RowKey", "SessionId"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > pageSize)
            {
                break;
            }
        }

        var page = rows.Take(pageSize).ToList();
        var found = await Task.WhenAll(page.Select(r => sessions.GetAsync(tenantId, r.GetString("SessionId"), cancellationToken)));
        var next = rows.Count > pageSize ? page[^1].RowKey : null;
        return new ContactHistoryPage(found.Where(s => s is not null).Select(s => s!.Value).ToList(), next);
    }

    private static string PartitionOf(string tenantId, string contact) => TableErrors.SafeKey($"{tenantId}|{contact}");

    private static string RowKeyOf(Session session) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - session.CreatedAt.UtcTicks:D19}|{TableErrors.SafeKey(session.SessionId)}";

    [GeneratedRegex(@"^\d{19}\|[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TokenFormat();
}
