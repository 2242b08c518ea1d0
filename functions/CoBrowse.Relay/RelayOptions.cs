namespace CoBrowse.Relay;

/// <summary>Settings of the relay (bound from <c>LocalStack:Relay</c> in the local stack).</summary>
public sealed class RelayOptions
{
    /// <summary>The hub the relay serves; other hub names get 404. Hub names are case-insensitive, as in the service.</summary>
    public string Hub { get; set; } = "cobrowse";

    /// <summary>Primary and (optional) secondary access key. Tokens signed with either are accepted.</summary>
    public string[] AccessKeys { get; set; } = [];

    /// <summary>Upstream event handler URL template with optional <c>{hub}</c> and <c>{event}</c>; empty means no upstream.</summary>
    public string UpstreamUrlTemplate { get; set; } = "";

    /// <summary>Timeout of one upstream request.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dropped reliable connection waits for its client to recover it.</summary>
    public TimeSpan RecoveryWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reliable replay buffer cap (messages); overflowing closes that connection for good.</summary>
    public int MaxUnackedMessages { get; set; } = 1000;

    /// <summary>Reliable replay buffer cap (bytes).</summary>
    public long MaxUnackedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Frames waiting for a connection's socket; a slow consumer past this is closed with 1008.</summary>
    public int MaxOutboundFrames { get; set; } = 1000;

    /// <summary>Largest client frame; larger frames close the socket with 1009.</summary>
    public int MaxClientFrameBytes { get; set; } = 1024 * 1024;

    public const int TokenClockSkewSeconds = 300;
}
