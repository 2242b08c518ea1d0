using CoBrowse.Core.Channels;
using CoBrowse.Core.Offers;

namespace CoBrowse.Infrastructure.Storage;

public sealed class TableOfferStore(CoBrowseTables tables) : IOfferStore
{
    public Task CreateAsync(Offer offer, CancellationToken cancellationToken) =>
        tables.Offers.AddEntityAsync(ToRow(offer), cancellationToken);

    public async Task<Versioned<Offer>?> GetAsync(string tenantId, string offerId, CancellationToken cancellationToken)
    {
        var row = await tables.Offers.FindAsync<TableEntity>(TableErrors.SafeKey(tenantId), TableErrors.SafeKey(offerId), cancellationToken);
        return row is null ? null : new Versioned<Offer>(FromRow(row), row.ETag.ToString());
    }

    public Task<bool> TryReplaceAsync(Offer offer, string version, CancellationToken cancellationToken) =>
        tables.Offers.TryReplaceAsync(ToRow(offer), version, cancellationToken);

    private static TableEntity ToRow(Offer offer) => new(offer.TenantId, offer.OfferId)
    {
        ["SessionId"] = offer.SessionId,
        ["InteractionId"] = offer.InteractionId,
        ["Channel"] = offer.Channel.ToString(),
        ["OfferedBy"] = offer.OfferedBy,
        ["CreatedAt"] = offer.CreatedAt,
        ["ExpiresAt"] = offer.ExpiresAt,
        ["Status"] = offer.Status.ToString(),
        ["AnsweredAt"] = offer.AnsweredAt,
    };

    private static Offer FromRow(TableEntity row) => new()
    {
        TenantId = row.PartitionKey,
        OfferId = row.RowKey,
        SessionId = row.GetString("SessionId"),
        InteractionId = row.GetString("InteractionId"),
        Channel = Enum.Parse<Channel>(row.GetString("Channel")),
        OfferedBy = row.GetString("OfferedBy"),
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? default,
        ExpiresAt = row.GetDateTimeOffset("ExpiresAt") ?? default,
        Status = Enum.Parse<OfferStatus>(row.GetString("Status")),
        AnsweredAt = row.GetDateTimeOffset("AnsweredAt"),
    };
}
