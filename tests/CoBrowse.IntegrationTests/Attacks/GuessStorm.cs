using System.Globalization;
using CoBrowse.IntegrationTests.Infrastructure;

namespace CoBrowse.IntegrationTests.Attacks;

/// <summary>
/// A distributed guesser: wrong six-digit keys from many client addresses (each under its own address limit), all
/// released at once. Counts the guesses the stack judged ("not valid", 404) as their answers arrive, so a test can
/// act once a number of them have been judged for certain.
/// </summary>
public sealed class GuessStorm(CoBrowseApi api, TestTenant tenant)
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Threshold, TaskCompletionSource Reached)> _waiters = [];
    private readonly object _gate = new();
    private int _judged;

    /// <summary>Wrong guesses answered 404 so far.</summary>
    public int Judged => Volatile.Read(ref _judged);

    /// <summary>
    /// Codes that are none of <paramref name="liveKeys"/>, spread over <paramref name="addresses"/> addresses of
    /// <paramref name="network"/> (e.g. "198.18.3"), <paramref name="perAddress"/> each.
    /// </summary>
    public static IReadOnlyList<(string Code, string Address)> WrongGuesses(IReadOnlyCollection<string> liveKeys, string network, int addresses, int perAddress)
    {
        var codes = Enumerable.Range(0, 1_000_000)
            .Select(n => n.ToString("D6", CultureInfo.InvariantCulture))
            .Where(code => !liveKeys.Contains(code))
            .Take(addresses * perAddress)
            .ToList();
        return codes.Select((code, i) => (code, $"{network}.{(i % addresses) + 1}")).ToList();
    }

    /// <summary>Starts every guess (each waits for the release), releases them together and returns all answers.</summary>
    public async Task<ApiResponse[]> RunAsync(IEnumerable<(string Code, string Address)> guesses)
    {
        var running = guesses.Select(g => GuessAsync(g.Code, g.Address)).ToList();
        _release.SetResult();
        var answers = await Task.WhenAll(running);
        lock (_gate)
        {
            // Nobody waits forever for a count the storm never reached; the test then sees the count it got.
            _waiters.ForEach(w => w.Reached.TrySetResult());
        }

        return answers;
    }

    /// <summary>Completes once at least <paramref name="threshold"/> guesses were judged wrong, or the storm is over.</summary>
    public Task JudgedAtLeastAsync(int threshold)
    {
        lock (_gate)
        {
            if (_judged >= threshold)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((threshold, reached));
            return reached.Task;
        }
    }

    private async Task<ApiResponse> GuessAsync(string code, string address)
    {
        await _release.Task;
        var response = await api.RedeemAsync(tenant, code, address);
        if (response.Status == HttpStatusCode.NotFound)
        {
            lock (_gate)
            {
                _judged++;
                foreach (var waiter in _waiters.Where(w => w.Threshold <= _judged))
                {
                    waiter.Reached.TrySetResult();
                }
            }
        }

        return response;
    }
}
