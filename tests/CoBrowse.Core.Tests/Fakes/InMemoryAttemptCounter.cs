using CoBrowse.Core.Application;

namespace CoBrowse.Core.Tests.Fakes;

public sealed class InMemoryAttemptCounter : IAttemptCounter
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public Task<long> GetAsync(string scope, CancellationToken cancellationToken) =>
        Task.FromResult(_counts.GetValueOrDefault(scope));

    public Task<long> IncrementAsync(string scope, CancellationToken cancellationToken) =>
        Task.FromResult(_counts[scope] = _counts.GetValueOrDefault(scope) + 1);
}
