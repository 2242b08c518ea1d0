namespace CoBrowse.Relay.Tests;

/// <summary>Tests against a relay whose upstream event handler is a <see cref="FakeUpstream"/>, both fresh per test.</summary>
public abstract class RelayWithUpstream : IAsyncLifetime
{
    protected FakeUpstream Upstream { get; private set; } = null!;

    protected RelayHost Relay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Relay = await RelayHost.StartAsync(options =>
        {
            options.UpstreamUrlTemplate = Upstream.UrlTemplate;
            Configure(options);
        });
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>Relay settings a test class changes beyond the upstream.</summary>
    protected virtual void Configure(RelayOptions options)
    {
    }
}
