using CoBrowse.Core.Application;
using CoBrowse.Core.Offers;

namespace CoBrowse.Core.Tests.Fakes;

public sealed class InMemoryOfferStore : IOfferStore
{
    private readonly VersionedTable<Offer> _table = new();

    public IReadOnlyList<Offer> All => _table.Values;

    public Offer Stored(string tenantId, string offerId) =>
        _table.Get(Key(tenantId, offerId))?.Value ?? throw new InvalidOperationException($"No offer {tenantId}/{offerId}.");

    public Task CreateAsync(Offer offer, CancellationToken cancellationToken)
    {
        if (!_table.TryAdd(Key(offer.TenantId, offer.OfferId), offer))
        {
            throw new InvalidOperationException($"Offer {offer.OfferId} already exists.");
        }

        return Task.CompletedTask;
    }

    public Task<Versioned<Offer>?> GetAsync(string tenantId, string offerId, CancellationToken cancellationToken) =>
        Task.FromResult(_table.Get(Key(tenantId, offerId)));

    public Task<bool> TryReplaceAsync(Offer offer, string version, CancellationToken cancellationToken) =>
        Task.FromResult(_table.TryReplace(Key(offer.TenantId, offer.OfferId), offer, version));

    private static string Key(string tenantId, string offerId) => $"{tenantId}/{offerId}";
}
