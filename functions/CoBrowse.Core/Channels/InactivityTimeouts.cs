namespace CoBrowse.Core.Channels;

/// <summary>
/// How long a session may go without real user activity before it ends, per channel.
/// <c>null</c> means "never": a voice session lives as long as the call.
/// </summary>
public sealed record InactivityTimeouts(TimeSpan? Voice, TimeSpan? WebMessaging, TimeSpan? WebChat)
{
    public static InactivityTimeouts Default { get; } = new(null, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15));

    public TimeSpan? For(Channel channel) => channel switch
    {
        Channel.Voice => Voice,
        Channel.WebMessaging => WebMessaging,
        Channel.WebChat => WebChat,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    /// <summary>Tenant overrides win where given; the product defaults fill the rest.</summary>
    public InactivityTimeouts OverriddenBy(ChannelTimeoutOverrides? overrides) => overrides is null
        ? this
        : new(
            overrides.VoiceSeconds is { } v ? FromSeconds(v) : Voice,
            overrides.WebMessagingSeconds is { } m ? FromSeconds(m) : WebMessaging,
            overrides.WebChatSeconds is { } c ? FromSeconds(c) : WebChat);

    // Zero or less means "no timeout", so a tenant can switch a channel's timeout off.
    private static TimeSpan? FromSeconds(int seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
}

/// <summary>A tenant's per-channel inactivity timeouts in seconds; null keeps the default, 0 disables.</summary>
public sealed record ChannelTimeoutOverrides(int? VoiceSeconds = null, int? WebMessagingSeconds = null, int? WebChatSeconds = null);
