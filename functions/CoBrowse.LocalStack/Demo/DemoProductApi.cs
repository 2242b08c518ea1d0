using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CoBrowse.LocalStack.Demo;

/// <summary>
/// The demo backend plays the tenant's backend: it calls the product API of this same process over HTTP with the
/// demo tenant's API key, so every call takes the product's real path (authentication, validation, durable signals).
/// </summary>
public sealed class DemoProductApi(HttpClient http, IServer server, IOptions<DemoTenantOptions> demo, DemoProductApi.Route route)
{
    /// <summary>Where the product's HTTP functions are mapped, e.g. <c>api/v1</c> (host.json's route prefix).</summary>
    public sealed record Route(string Prefix);

    public sealed record Reply(int Status, string? ContentType, string Body)
    {
        public bool IsSuccess => Status is >= 200 and < 300;
    }

    /// <summary>An agent token with the roles the agent console needs.</summary>
    public Task<Reply> MintAgentTokenAsync(string agentId, CancellationToken cancellationToken) =>
        PostAsync("agent-tokens", new { agentId, roles = new[] { "agent", "supervisor" } }, cancellationToken);

    /// <summary>The contact-center webhook: the interaction was "ended" or "transferred".</summary>
    public Task<Reply> InteractionEventAsync(string interactionId, string type, CancellationToken cancellationToken) =>
        PostAsync($"interactions/{Uri.EscapeDataString(interactionId)}/events", new { type }, cancellationToken);

    private async Task<Reply> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(OwnBaseUrl(), path))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {demo.Value.ApiKey}");
        using var response = await http.SendAsync(request, cancellationToken);
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The product API of this process, reached on loopback whatever address Kestrel was bound to.</summary>
    private Uri OwnBaseUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The local stack is not listening yet.");
        var listening = new Uri(address.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal));
        return new Uri($"{listening.Scheme}://{listening.Authority}/{route.Prefix.Trim('/')}/");
    }
}
