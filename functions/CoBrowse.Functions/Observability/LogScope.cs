using System.Collections;
using System.Diagnostics;
using System.Text;

namespace CoBrowse.Functions.Observability;

/// <summary>
/// The state of a logging scope: <c>Operation</c>, <c>CorrelationId</c>, <c>TenantId</c>, <c>SessionId</c>,
/// <c>InteractionId</c> (and a few more), each present once known. A live list rather than a snapshot, because the
/// tenant is only known after authentication, and every log line written later in the same call should carry it
/// (logger providers read a scope's values when they write a line). Only ids: callers never put secrets here.
/// </summary>
public sealed class LogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>Ids longer than this are cut: route values come from the caller and are not trusted to be short.</summary>
    private const int MaxValueLength = 128;

    private readonly List<KeyValuePair<string, object?>> _values = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            lock (_gate)
            {
                return _values[index];
            }
        }
    }

    /// <summary>Sets <paramref name="key"/> (replacing an earlier value); null or empty values are left out.</summary>
    public LogScope Set(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        var bounded = value.Length > MaxValueLength ? value[..MaxValueLength] : value;
        lock (_gate)
        {
            var index = _values.FindIndex(v => v.Key == key);
            if (index >= 0)
            {
                _values[index] = new(key, bounded);
            }
            else
            {
                _values.Add(new(key, bounded));
            }
        }

        return this;
    }

    public string? Get(string key)
    {
        lock (_gate)
        {
            return _values.FirstOrDefault(v => v.Key == key).Value as string;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        List<KeyValuePair<string, object?>> snapshot;
        lock (_gate)
        {
            snapshot = [.. _values];
        }

        return snapshot.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What text formatters (the console's scopes) print.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in this)
        {
            text.Append(text.Length == 0 ? string.Empty : " ").Append(key).Append('=').Append(value);
        }

        return text.ToString();
    }

    /// <summary>
    /// The W3C trace id of the current activity (the Functions host and ASP.NET Core continue the caller's
    /// <c>traceparent</c>), else the trace id of a well-formed <c>traceparent</c> header, else <paramref name="fallback"/>.
    /// </summary>
    public static string? CorrelationIdFrom(string? traceparent, string? fallback)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity && activity.TraceId != default)
        {
            return activity.TraceId.ToHexString();
        }

        // version "-" 32 hex trace id "-" 16 hex parent id "-" 2 hex flags; anything else is ignored, never echoed.
        if (traceparent is { Length: 55 } && traceparent[2] == '-' && traceparent[35] == '-'
            && traceparent.AsSpan(3, 32).ContainsAnyExcept("0123456789abcdef") is false)
        {
            return traceparent.Substring(3, 32);
        }

        return fallback;
    }
}
