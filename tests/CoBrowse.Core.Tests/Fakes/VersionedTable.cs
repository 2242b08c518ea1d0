using CoBrowse.Core.Application;

namespace CoBrowse.Core.Tests.Fakes;

/// <summary>Rows guarded by ETag-like versions: a replace succeeds only with the version that was read.</summary>
public sealed class VersionedTable<T>
    where T : class
{
    private readonly Dictionary<string, (T Value, int Etag)> _rows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _lastEtag;

    public IReadOnlyList<T> Values
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows.Values.Select(row => row.Value)];
            }
        }
    }

    public bool TryAdd(string key, T value)
    {
        lock (_gate)
        {
            if (_rows.ContainsKey(key))
            {
                return false;
            }

            _rows[key] = (value, ++_lastEtag);
            return true;
        }
    }

    /// <summary>An unconditional write, as another writer (or a test seeding data) would do it.</summary>
    public void Put(string key, T value)
    {
        lock (_gate)
        {
            _rows[key] = (value, ++_lastEtag);
        }
    }

    public Versioned<T>? Get(string key)
    {
        lock (_gate)
        {
            return _rows.TryGetValue(key, out var row) ? new Versioned<T>(row.Value, Etag(row.Etag)) : null;
        }
    }

    public bool TryReplace(string key, T value, string version)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var row) || Etag(row.Etag) != version)
            {
                return false;
            }

            _rows[key] = (value, ++_lastEtag);
            return true;
        }
    }

    private static string Etag(int number) => $"W/\"{number}\"";
}
