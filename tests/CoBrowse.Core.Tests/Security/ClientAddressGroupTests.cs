using System.Net;
using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Security;

public sealed class ClientAddressGroupTests
{
    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:DB8:1:2:0:0:0:1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void AnAddressCountsAsItsIpv4AddressOrItsIpv6SlashSixtyFour(string address, string group)
    {
        Assert.Equal(group, ClientAddressGroup.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void TwoIpv6AddressesOfOneSubscriberShareAGroupWhileTheNextSlashSixtyFourDoesNot()
    {
        var first = ClientAddressGroup.Of(IPAddress.Parse("2001:db8:abcd:12::1"));
        var rotated = ClientAddressGroup.Of(IPAddress.Parse("2001:db8:abcd:12:8f3e:1a2b:77c1:9"));
        var neighbour = ClientAddressGroup.Of(IPAddress.Parse("2001:db8:abcd:13::1"));

        Assert.Equal(first, rotated);
        Assert.NotEqual(first, neighbour);
    }
}
