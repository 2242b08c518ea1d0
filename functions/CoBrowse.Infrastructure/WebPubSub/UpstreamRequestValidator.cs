using System.Security.Cryptography;
using System.Text;

namespace CoBrowse.Infrastructure.WebPubSub;

/// <summary>The answer to an abuse-protection OPTIONS request.</summary>
public sealed record AbuseProtectionAnswer(int Status, string? AllowedOrigin);

/// <summary>
/// Checks that an upstream request really comes from our Web PubSub: answers the abuse-protection OPTIONS
/// handshake, and verifies <c>ce-signature</c> (<c>sha256=hex(HMAC_SHA256(accessKey, connectionId))</c>, one entry
/// per service key) against the primary and the secondary key. No keys configured means nothing is accepted.
/// </summary>
public sealed class UpstreamRequestValidator(IReadOnlyList<string> accessKeys, string? serviceHost)
{
    private readonly byte[][] _keys = accessKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>
    /// 400 without <c>WebHook-Request-Origin</c>; otherwise 200, allowing the configured service host (echoing the
    /// origin when it names that host, with or without port) or <c>*</c> when no host is configured.
    /// </summary>
    public AbuseProtectionAnswer AnswerAbuseProtection(string? requestOrigin)
    {
        if (string.IsNullOrWhiteSpace(requestOrigin))
        {
            return new AbuseProtectionAnswer(400, null);
        }

        if (string.IsNullOrEmpty(serviceHost))
        {
            return new AbuseProtectionAnswer(200, "*");
        }

        var host = serviceHost.Split(':')[0];
        var matches = string.Equals(requestOrigin, serviceHost, StringComparison.OrdinalIgnoreCase)
            || string.Equals(requestOrigin, host, StringComparison.OrdinalIgnoreCase);
        return new AbuseProtectionAnswer(200, matches ? requestOrigin : serviceHost);
    }

    /// <summary>True when any entry of the header matches the connection id signed with any of our keys.</summary>
    public bool IsSigned(string? connectionId, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(connectionId) || string.IsNullOrEmpty(signatureHeader) || _keys.Length == 0)
        {
            return false;
        }

        var message = Encoding.UTF8.GetBytes(connectionId);
        var expected = _keys.Select(key => HMACSHA256.HashData(key, message)).ToArray();
        var valid = false;
        foreach (var entry in signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) || !TryParseHex(entry.AsSpan(7), out var presented))
            {
                continue;
            }

            foreach (var mac in expected)
            {
                // Compare every pair in constant time; no early exit that would tell which entry or key matched.
                valid |= CryptographicOperations.FixedTimeEquals(mac, presented);
            }
        }

        return valid;
    }

    /// <summary>Hex of either case; a malformed entry simply does not match.</summary>
    private static bool TryParseHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = [];
        if (hex.Length != 64)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
