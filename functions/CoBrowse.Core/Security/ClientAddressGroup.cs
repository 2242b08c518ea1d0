using System.Net;
using System.Net.Sockets;

namespace CoBrowse.Core.Security;

/// <summary>
/// The unit a per-address limit counts: one IPv4 address, or one IPv6 /64. An IPv6 subscriber is usually given a whole
/// /64 (and privacy extensions rotate through it), so counting single IPv6 addresses would give one attacker 2^64
/// fresh budgets. An IPv4 address mapped into IPv6 counts as that IPv4 address.
/// </summary>
public static class ClientAddressGroup
{
    public const int Ipv6PrefixLength = 64;

    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, Ipv6PrefixLength / 8, bytes.Length - (Ipv6PrefixLength / 8));
        return $"{new IPAddress(bytes)}/{Ipv6PrefixLength}";
    }
}
