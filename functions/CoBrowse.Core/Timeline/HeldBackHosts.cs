using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CoBrowse.Core.Application;

namespace CoBrowse.Core.Timeline;

/// <summary>A host whose resources the agent's console did not load, and how many references to it it dropped.</summary>
public sealed record HeldBackHost(string Host, int Count);

/// <summary>What an agent's console reports: the hosts it held back in one session (cumulative counts).</summary>
public sealed record HeldBackReport(IReadOnlyList<ReportedHost?>? Hosts);

/// <summary>One reported host as it arrives, before it is checked.</summary>
public sealed record ReportedHost(string? Host, int? Count);

/// <summary>
/// Held-back hosts are strings the customer's page chose (any URL in a frame), passed on by the agent's console: only
/// a host as a browser's URL parser writes it (lower-case name or IPv4, bracketed IPv6, optional port) is taken, at
/// most <see cref="MaxHosts"/> per report and per event, each count at most <see cref="MaxCount"/>.
/// </summary>
public static partial class HeldBackHosts
{
    public const int MaxHosts = 20;

    public const int MaxCount = 1_000_000;

    private const int MaxNameLength = 253;

    public static IReadOnlyList<HeldBackHost> Validate(HeldBackReport? report)
    {
        var hosts = report?.Hosts;
        if (hosts is null || hosts.Count is 0 or > MaxHosts)
        {
            throw CoBrowseProblemException.BadRequest($"'hosts' needs 1 to {MaxHosts} entries of {{\"host\", \"count\"}}.");
        }

        var valid = new List<HeldBackHost>(hosts.Count);
        foreach (var reported in hosts)
        {
            if (reported?.Host is not { } host || !IsValidHost(host))
            {
                throw CoBrowseProblemException.BadRequest("Each 'host' must be a host as a URL names it: a lower-case name or IPv4 address, or a bracketed IPv6 address, with an optional port.");
            }

            if (reported.Count is not (>= 1 and <= MaxCount))
            {
                throw CoBrowseProblemException.BadRequest($"Each 'count' must be 1 to {MaxCount}.");
            }

            if (valid.Any(v => v.Host == host))
            {
                throw CoBrowseProblemException.BadRequest($"'{host}' is listed twice.");
            }

            valid.Add(new HeldBackHost(host, reported.Count.Value));
        }

        return valid;
    }

    public static bool IsValidHost(string host)
    {
        var match = HostShape().Match(host);
        if (!match.Success)
        {
            return false;
        }

        if (match.Groups["port"].Success && !(int.TryParse(match.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535))
        {
            return false;
        }

        return match.Groups["ipv6"].Success
            ? IPAddress.TryParse(match.Groups["ipv6"].ValueSpan, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            : match.Groups["name"].Length <= MaxNameLength;
    }

    /// <summary>
    /// An agent's later report added to its earlier one: counts are cumulative, so the higher one wins; hosts beyond
    /// <see cref="MaxHosts"/> keep the earlier ones first, then the most referenced.
    /// </summary>
    public static IReadOnlyList<HeldBackHost> Merge(IReadOnlyList<HeldBackHost> earlier, IReadOnlyList<HeldBackHost> later)
    {
        var merged = earlier.ToDictionary(h => h.Host, h => h.Count, StringComparer.Ordinal);
        foreach (var host in later.OrderByDescending(h => h.Count))
        {
            if (merged.TryGetValue(host.Host, out var count))
            {
                merged[host.Host] = Math.Max(count, host.Count);
            }
            else if (merged.Count < MaxHosts)
            {
                merged[host.Host] = host.Count;
            }
        }

        return merged.Select(h => new HeldBackHost(h.Key, h.Value)).OrderByDescending(h => h.Count).ThenBy(h => h.Host, StringComparer.Ordinal).ToList();
    }

    // \z, not $: $ would also match before a trailing newline. Labels as hosts have them (underscores included: some do).
    [GeneratedRegex(@"^(?:(?<name>(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?)|\[(?<ipv6>[0-9a-f:.]{2,45})\])(?::(?<port>[1-9][0-9]{0,4}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostShape();
}
