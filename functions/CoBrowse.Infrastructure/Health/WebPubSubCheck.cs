using CoBrowse.Infrastructure.WebPubSub;

namespace CoBrowse.Infrastructure.Health;

/// <summary>
/// The Web PubSub service's own health API (<c>HEAD {endpoint}/api/health</c>, anonymous; the local relay answers it
/// too). Without a configured endpoint realtime is disabled on purpose, which is reported as not configured.
/// </summary>
public sealed class WebPubSubCheck(HttpClient http, Uri? endpoint) : IDependencyCheck
{
    public string Name => "webPubSub";

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            return DependencyStatus.NotConfigured;
        }

        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(endpoint, $"api/health?api-version={WebPubSubRestClient.ApiVersion}"));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? DependencyStatus.Ok : throw new DependencyAnsweredException((int)response.StatusCode);
    }
}

/// <summary>A dependency answered, but not with success.</summary>
public sealed class DependencyAnsweredException(int status) : Exception($"The dependency answered {status}.")
{
    public int Status { get; } = status;
}
