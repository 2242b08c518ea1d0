using Azure.Core;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>Produces the bearer token of one REST request.</summary>
public interface IWebPubSubAuthorizer
{
    /// <summary>True when client tokens can be signed locally (access key); false means REST <c>:generateToken</c>.</summary>
    bool CanSignClientTokens { get; }

    ValueTask<string> GetBearerTokenAsync(Uri requestUri, CancellationToken cancellationToken);
}

/// <summary>Access-key auth as the JS SDK does it: a fresh HS256 JWT per request whose aud is the exact request URL.</summary>
public sealed class AccessKeyAuthorizer(string accessKey, TimeProvider clock) : IWebPubSubAuthorizer
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public string AccessKey => accessKey;

    public bool CanSignClientTokens => true;

    public ValueTask<string> GetBearerTokenAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = Hs256Jwt.Sign(accessKey, writer =>
        {
            writer.WriteString("aud", requestUri.AbsoluteUri);
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteNumber("exp", (now + Lifetime).ToUnixTimeSeconds());
        });
        return ValueTask.FromResult(token);
    }
}

/// <summary>Microsoft Entra ID auth (the app's managed identity) for the Web PubSub data plane.</summary>
public sealed class EntraAuthorizer(TokenCredential credential) : IWebPubSubAuthorizer
{
    public const string Scope = "https://webpubsub.azure.com/.default";

    public bool CanSignClientTokens => false;

    public async ValueTask<string> GetBearerTokenAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
        return token.Token;
    }
}
