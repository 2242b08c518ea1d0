using System.Net;

namespace CoBrowse.Infrastructure.Storage;

internal static class TableErrors
{
    public static bool IsConflict(this RequestFailedException e) => e.Status == (int)HttpStatusCode.Conflict;

    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == (int)HttpStatusCode.PreconditionFailed;

    public static bool IsNotFound(this RequestFailedException e) => e.Status == (int)HttpStatusCode.NotFound;

    /// <summary>Reads one row, or null when it does not exist (without throwing for the common miss).</summary>
    public static async Task<T?> FindAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Replaces a row only if it still has the given ETag; false when someone else changed it first.</summary>
    public static async Task<bool> TryReplaceAsync<T>(this TableClient table, T row, string etag, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            await table.UpdateEntityAsync(row, new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>Adds a row; false when the key is taken.</summary>
    public static async Task<bool> TryAddAsync<T>(this TableClient table, T row, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    /// <summary>Keys may not hold / \ # ? or control characters.</summary>
    public static string SafeKey(string value) =>
        new(value.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
