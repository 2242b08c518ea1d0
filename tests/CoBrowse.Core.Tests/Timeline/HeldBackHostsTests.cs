using CoBrowse.Core.Application;
using CoBrowse.Core.Timeline;

namespace CoBrowse.Core.Tests.Timeline;

public class HeldBackHostsTests
{
    [Theory]
    [InlineData("cdn.example.com")]
    [InlineData("cdn.example.com:8443")]
    [InlineData("127.0.0.2:4567")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("my_host.example")]
    [InlineData("example.com.")]
    [InlineData("[2001:db8::1]")]
    [InlineData("[::ffff:127.0.0.1]:80")]
    [InlineData("localhost")]
    public void AHostAsAUrlWritesItIsTaken(string host)
    {
        Assert.True(HeldBackHosts.IsValidHost(host));
    }

    [Theory]
    [InlineData("")]
    [InlineData("CDN.example.com")]
    [InlineData("bücher.example")]
    [InlineData("cdn.example.com/path")]
    [InlineData("https://cdn.example.com")]
    [InlineData("user@cdn.example.com")]
    [InlineData("cdn example.com")]
    [InlineData("<script>")]
    [InlineData("cdn.example.com:0")]
    [InlineData("cdn.example.com:65536")]
    [InlineData("cdn.example.com:080")]
    [InlineData("-cdn.example.com")]
    [InlineData("cdn..example.com")]
    [InlineData("[2001:db8::zz]")]
    [InlineData("[127.0.0.1]")]
    [InlineData("2001:db8::1")]
    [InlineData("cdn.example.com\n")]
    public void AnythingElseIsNot(string host)
    {
        Assert.False(HeldBackHosts.IsValidHost(host));
    }

    [Fact]
    public void ALongNameIsRefusedAtTheDnsLimit()
    {
        var label = new string('a', 63);
        var fits = string.Join('.', label, label, label, new string('a', 61));
        var over = fits + "a";

        Assert.True(HeldBackHosts.IsValidHost(fits));
        Assert.False(HeldBackHosts.IsValidHost(over));
    }

    [Fact]
    public void AReportIsRefusedWhenEmptyTooLongDuplicatedOrOutOfRange()
    {
        HeldBackReport Of(params ReportedHost?[] hosts) => new(hosts);

        foreach (var report in new HeldBackReport?[]
        {
            null,
            new(null),
            Of(),
            Of([.. Enumerable.Range(0, HeldBackHosts.MaxHosts + 1).Select(i => new ReportedHost($"h{i}.example", 1))]),
            Of(new ReportedHost("a.example", 1), new ReportedHost("a.example", 2)),
            Of(new ReportedHost("a.example", 0)),
            Of(new ReportedHost("a.example", HeldBackHosts.MaxCount + 1)),
            Of(new ReportedHost("a.example", null)),
            Of(new ReportedHost(null, 1)),
            Of((ReportedHost?)null),
        })
        {
            Assert.Equal(ProblemKind.BadRequest, Assert.Throws<CoBrowseProblemException>(() => HeldBackHosts.Validate(report)).Kind);
        }

        Assert.Equal([new HeldBackHost("a.example", 2)], HeldBackHosts.Validate(Of(new ReportedHost("a.example", 2))));
    }

    [Fact]
    public void ALaterReportRaisesCountsAndAddsHostsUpToTheBoundEarlierOnesFirst()
    {
        IReadOnlyList<HeldBackHost> earlier = [.. Enumerable.Range(0, HeldBackHosts.MaxHosts - 1).Select(i => new HeldBackHost($"h{i}.example", 1))];
        IReadOnlyList<HeldBackHost> later = [new("h0.example", 5), new("new-small.example", 1), new("new-big.example", 9)];

        var merged = HeldBackHosts.Merge(earlier, later);

        Assert.Equal(HeldBackHosts.MaxHosts, merged.Count);
        Assert.Equal(new HeldBackHost("new-big.example", 9), merged[0]);
        Assert.Equal(new HeldBackHost("h0.example", 5), merged[1]);
        Assert.DoesNotContain(merged, h => h.Host == "new-small.example");
    }
}
