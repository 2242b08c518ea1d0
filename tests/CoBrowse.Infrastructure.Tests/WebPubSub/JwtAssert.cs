using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CoBrowse.Infrastructure.Tests.WebPubSub;

/// <summary>Checks an HS256 JWT independently of the code under test and returns its payload.</summary>
public static class JwtAssert
{
    public static JsonObject VerifiedPayload(string token, string accessKey)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Decode(parts[0]))!.AsObject();
        Assert.Equal("HS256", (string?)header["alg"]);
        Assert.Equal("JWT", (string?)header["typ"]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(expected, Decode(parts[2]));
        return JsonNode.Parse(Decode(parts[1]))!.AsObject();
    }

    private static byte[] Decode(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
