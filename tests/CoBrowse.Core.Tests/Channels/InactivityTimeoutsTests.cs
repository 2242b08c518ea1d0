using CoBrowse.Core.Channels;
using CoBrowse.Core.Tenants;

namespace CoBrowse.Core.Tests.Channels;

public class InactivityTimeoutsTests
{
    [Fact]
    public void VoiceNeverTimesOutByDefault()
    {
        var defaults = InactivityTimeouts.Default;

        var voice = defaults.For(Channel.Voice);

        Assert.Null(voice);
    }

    [Fact]
    public void WebMessagingTimesOutAfterTwoMinutesByDefault()
    {
        var defaults = InactivityTimeouts.Default;

        var messaging = defaults.For(Channel.WebMessaging);

        Assert.Equal(TimeSpan.FromMinutes(2), messaging);
    }

    [Fact]
    public void WebChatTimesOutAfterFifteenMinutesByDefault()
    {
        var defaults = InactivityTimeouts.Default;

        var chat = defaults.For(Channel.WebChat);

        Assert.Equal(TimeSpan.FromMinutes(15), chat);
    }

    [Fact]
    public void AnUnknownChannelIsAnError()
    {
        var defaults = InactivityTimeouts.Default;

        Action lookup = () => defaults.For((Channel)99);

        Assert.Throws<ArgumentOutOfRangeException>(lookup);
    }

    [Fact]
    public void NoOverridesKeepTheDefaults()
    {
        var defaults = InactivityTimeouts.Default;

        var effective = defaults.OverriddenBy(null);

        Assert.Same(defaults, effective);
    }

    [Fact]
    public void OverridesThatAreAllNullKeepTheDefaults()
    {
        var defaults = InactivityTimeouts.Default;

        var effective = defaults.OverriddenBy(new ChannelTimeoutOverrides());

        Assert.Equal(defaults, effective);
    }

    /// <summary>Expected values are seconds; null means "never times out".</summary>
    [Theory]
    [InlineData(600, null, null, 600, 120, 900)]
    [InlineData(null, 30, null, null, 30, 900)]
    [InlineData(null, null, 3600, null, 120, 3600)]
    [InlineData(null, 0, null, null, null, 900)]
    [InlineData(null, null, 0, null, 120, null)]
    [InlineData(0, null, null, null, 120, 900)]
    [InlineData(null, -5, null, null, null, 900)]
    [InlineData(45, 0, 60, 45, null, 60)]
    public void TenantOverridesInSecondsWinWhereGivenAndZeroDisables(
        int? voiceSeconds, int? messagingSeconds, int? chatSeconds, int? expectedVoice, int? expectedMessaging, int? expectedChat)
    {
        var overrides = new ChannelTimeoutOverrides(voiceSeconds, messagingSeconds, chatSeconds);

        var effective = InactivityTimeouts.Default.OverriddenBy(overrides);

        Assert.Equal(Seconds(expectedVoice), effective.For(Channel.Voice));
        Assert.Equal(Seconds(expectedMessaging), effective.For(Channel.WebMessaging));
        Assert.Equal(Seconds(expectedChat), effective.For(Channel.WebChat));
    }

    [Fact]
    public void ATenantsTimeoutsAreTheDefaultsWithItsOverrides()
    {
        var tenant = new Tenant
        {
            TenantId = "acme",
            Name = "Acme",
            SiteKey = "site_acme",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Timeouts = new ChannelTimeoutOverrides(WebChatSeconds: 300),
        };

        var timeouts = tenant.InactivityTimeouts;

        Assert.Equal(new InactivityTimeouts(null, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)), timeouts);
    }

    [Fact]
    public void ATenantWithoutOverridesUsesTheDefaults()
    {
        var tenant = new Tenant { TenantId = "acme", Name = "Acme", SiteKey = "site_acme", CreatedAt = DateTimeOffset.UnixEpoch };

        var timeouts = tenant.InactivityTimeouts;

        Assert.Equal(InactivityTimeouts.Default, timeouts);
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
