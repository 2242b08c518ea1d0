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

    /// <summary>
    /// The token's claims when it is HS256, signed with one of <paramref name="accessKeys"/>, has a numeric <c>exp</c>
    /// and is within its lifetime (5 min skew), has numeric <c>nbf</c>/<c>iat</c> if any, and has a single string
    /// <c>aud</c> that <paramref name="acceptsAudience"/> accepts; otherwise null.
    /// </summary>
    public static JsonElement? Validate(string? token, IReadOnlyList<string> accessKeys, DateTimeOffset now, Func<string, bool> acceptsAudience)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || accessKeys.Count == 0)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (header.RootElement.ValueKind != JsonValueKind.Object || !header.RootElement.TryGetProperty("alg", out var alg)
                || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
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
            if (claims.ValueKind != JsonValueKind.Object || !IsWithinLifetime(claims, now.ToUnixTimeSeconds()))
            {
                return null;
            }

            // The audience is one string (as every SDK signs it): an array would let one token stand for many URLs.
            if (!claims.TryGetProperty("aud", out var audience) || audience.ValueKind != JsonValueKind.String || !acceptsAudience(audience.GetString()!))
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

    /// <summary><c>exp</c> is required; <c>exp</c>, <c>nbf</c> and <c>iat</c> are whole seconds (JSON numbers, never
    /// strings) wherever present.</summary>
    private static bool IsWithinLifetime(JsonElement claims, long now)
    {
        if (!IsAbsentOrSeconds(claims, "exp", out var exp) || exp is not { } expires || now > expires + RelayOptions.TokenClockSkewSeconds)
        {
            return false;
        }

        return IsAbsentOrSeconds(claims, "nbf", out var nbf) && (nbf is not { } notBefore || now >= notBefore - RelayOptions.TokenClockSkewSeconds)
            && IsAbsentOrSeconds(claims, "iat", out _);
    }

    /// <summary>False when the claim is there but not a whole number; <paramref name="seconds"/> is null when it is absent.</summary>
    private static bool IsAbsentOrSeconds(JsonElement claims, string name, out long? seconds)
    {
        seconds = null;
        if (!claims.TryGetProperty(name, out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return false;
        }

        seconds = number;
        return true;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
