using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoBrowse.Relay;

/// <summary>HS256 JWTs as Web PubSub uses them: the access key string's UTF-8 bytes are the HMAC key.</summary>
public static class HmacJwt
{
    private static readonly string Header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));

    public static string Sign(JsonObject claims, string accessKey)
    {
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signingInput = Header + "." + payload;
        return signingInput + "." + Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The token's claims when it is HS256, signed with one of <paramref name="accessKeys"/>, has an
    /// <c>exp</c> and is within its lifetime (5 min skew); otherwise null. The audience is not checked (see README).</summary>
    public static JsonElement? Validate(string? token, IReadOnlyList<string> accessKeys, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || accessKeys.Count == 0)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
            {
                return null;
            }

            var signature = FromBase64Url(parts[2]);
            var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!accessKeys.Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signingInput), signature)))
            {
                return null;
            }

            using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
            var claims = payload.RootElement;
            if (claims.ValueKind != JsonValueKind.Object || !TryGetSeconds(claims, "exp", out var exp)
                || now.ToUnixTimeSeconds() > exp + RelayOptions.TokenClockSkewSeconds)
            {
                return null;
            }

            if (TryGetSeconds(claims, "nbf", out var nbf) && now.ToUnixTimeSeconds() < nbf - RelayOptions.TokenClockSkewSeconds)
            {
                return null;
            }

            return claims.Clone();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A claim that may be a string or an array of strings (the SDKs send either).</summary>
    public static IReadOnlyList<string> StringOrArray(JsonElement claims, string name) =>
        !claims.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.String ? [value.GetString()!]
        : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
        : [];

    private static bool TryGetSeconds(JsonElement claims, string name, out long seconds)
    {
        seconds = 0;
        return claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out seconds);
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
