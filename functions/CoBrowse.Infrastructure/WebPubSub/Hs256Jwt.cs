using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>
/// The HS256 JWTs Web PubSub accepts, signed like the JS SDK: the access key string's UTF-8 bytes are the HMAC key
/// (not base64-decoded). Hand-rolled because the claim shapes are exact (arrays stay arrays, aud is a string).
/// </summary>
public static class Hs256Jwt
{
    private static readonly string Header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);

    /// <summary>Signs <paramref name="writeClaims"/>' object, written after nothing else (callers write every claim).</summary>
    public static string Sign(string accessKey, Action<Utf8JsonWriter> writeClaims)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeClaims(writer);
            writer.WriteEndObject();
        }

        var signingInput = Header + "." + Base64Url(buffer.ToArray());
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    public static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
