using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoBrowse.IntegrationTests.Observability;

/// <summary>One log line as a provider sees it: the formatted text, the structured state, every scope, the exception.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> State,
    IReadOnlyList<KeyValuePair<string, object?>> Scopes,
    IReadOnlyList<string> ScopeTexts,
    string? Exception)
{
    public string? StateValue(string key) => State.LastOrDefault(p => p.Key == key).Value?.ToString();

    public string? ScopeValue(string key) => Scopes.LastOrDefault(p => p.Key == key).Value?.ToString();

    /// <summary>Every piece of text this line would put anywhere (a sink stores all of these).</summary>
    public IEnumerable<string> AllText() =>
        new[] { Message, Exception ?? string.Empty }
            .Concat(State.Select(p => $"{p.Key}={p.Value}"))
            .Concat(Scopes.Select(p => $"{p.Key}={p.Value}"))
            .Concat(ScopeTexts);
}

/// <summary>
/// A real logger provider added to the local stack's logger factory: it keeps every line with its scopes, read the
/// way Application Insights and the console read them (scope state as key/value pairs, plus its text).
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            var scopeTexts = new List<string>();
            owner._scopes.ForEachScope(
                (scope, _) =>
                {
                    scopeTexts.Add(scope?.ToString() ?? string.Empty);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        scopes.AddRange(pairs);
                    }
                },
                (object?)null);
            var pairsOfState = state is IEnumerable<KeyValuePair<string, object?>> statePairs ? statePairs.ToList() : [];
            owner._logs.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), pairsOfState, scopes, scopeTexts, exception?.ToString()));
        }
    }
}
