using System.Text.Json;
using CoBrowse.Infrastructure.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace CoBrowse.Infrastructure.Security;

/// <summary>
/// What the token handler lets through but our issuer never writes: <c>exp</c>/<c>nbf</c> that are not NumericDates
/// (JSON numbers, RFC 7519 §2 and §4.1.4–5; the handler also reads a string of digits as a date), a missing
/// <c>exp</c>, and a claim named twice (the handler keeps one of them, another reader may keep the other).
/// </summary>
public static class JwtPayloadShape
{
    /// <summary>Whether the base64url payload is one JSON object with a numeric <c>exp</c>, a numeric or absent <c>nbf</c>, and no claim twice.</summary>
    public static bool IsWellFormed(string encodedPayload)
    {
        try
        {
            using var payload = StrictJson.Parse(Base64UrlEncoder.DecodeBytes(encodedPayload));
            var claims = payload.RootElement;
            return claims.ValueKind == JsonValueKind.Object
                && claims.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number
                && (!claims.TryGetProperty("nbf", out var nbf) || nbf.ValueKind == JsonValueKind.Number);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return false;
        }
    }
}
