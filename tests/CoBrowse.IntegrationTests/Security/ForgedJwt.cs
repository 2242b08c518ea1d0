using System.Security.Cryptography;
using System.Text;

namespace CoBrowse.IntegrationTests.Security;

/// <summary>Builds JWTs byte by byte, as an attacker would: any header, any claims, any signature.</summary>
public static class ForgedJwt
{
    public static string Sign(JsonObject header, JsonObject payload, byte[] key, Func<byte[], byte[], byte[]>? mac = null)
    {
        var signingInput = Part(header) + "." + Part(payload);
        var signature = (mac ?? HMACSHA256.HashData)(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    public static string Part(JsonNode json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public static JsonObject Payload(string token) =>
        JsonNode.Parse(FromBase64Url(token.Split('.')[1]))!.AsObject();

    /// <summary>The token with its payload replaced and its original header and signature kept.</summary>
    public static string WithPayload(string token, JsonObject payload)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Part(payload)}.{parts[2]}";
    }

    /// <summary>One bit of the signature flipped.</summary>
    public static string WithFlippedSignatureBit(string token)
    {
        var parts = token.Split('.');
        var signature = FromBase64Url(parts[2]);
        signature[signature.Length / 2] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64Url(signature)}";
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
