namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>Where a test stack listens: Kestrel and its own Azurite.</summary>
public sealed record TestStackPorts(int Http, int Blob, int Queue, int Table)
{
    public static TestStackPorts Free()
    {
        var ports = FreePorts.Take(4);
        return new TestStackPorts(ports[3], ports[0], ports[1], ports[2]);
    }
}

/// <summary>
/// The configuration every test stack starts from; each fixture adds (or overrides) only what makes it differ.
/// </summary>
public static class TestStackSettings
{
    /// <summary>Its own ports, Azurite data folder and task hub, one function key, the demo off, warnings only.</summary>
    public static Dictionary<string, string?> Create(TestStackPorts ports, string dataDirectory, string taskHubName, string functionKey = LocalStackFixture.FunctionKey) => new()
    {
        // A fixed free port: the functions' Web PubSub client and the relay's upstream URL both name it.
        ["Urls"] = $"http://127.0.0.1:{ports.Http}",
        ["LocalStack:Azurite:BlobPort"] = $"{ports.Blob}",
        ["LocalStack:Azurite:QueuePort"] = $"{ports.Queue}",
        ["LocalStack:Azurite:TablePort"] = $"{ports.Table}",
        ["LocalStack:Azurite:DataDirectory"] = dataDirectory,
        ["LocalStack:Durable:TaskHubName"] = taskHubName,
        ["LocalStack:FunctionKeys:0"] = functionKey,
        ["LocalStack:Demo:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>
    /// The admin API on this key (tests create tenants through it), and one trusted proxy hop: tests act as several
    /// customers by setting X-Forwarded-For, as Azure's front end would.
    /// </summary>
    public static Dictionary<string, string?> WithAdministration(this Dictionary<string, string?> settings, string adminKey = LocalStackFixture.AdminKey) =>
        settings.With(new()
        {
            ["CoBrowse:Admin:ApiKey"] = adminKey,
            ["CoBrowse:Http:TrustedProxyHops"] = "1",
        });

    /// <summary>How long an issued security key and a chat/video offer stay redeemable.</summary>
    public static Dictionary<string, string?> WithPendingLifetimes(this Dictionary<string, string?> settings, TimeSpan securityKey, TimeSpan offer) =>
        settings.With(new()
        {
            ["CoBrowse:Sessions:SecurityKeyLifetimeSeconds"] = $"{securityKey.TotalSeconds}",
            ["CoBrowse:Sessions:OfferLifetimeSeconds"] = $"{offer.TotalSeconds}",
        });

    /// <summary>Adds these settings, replacing any of the same key.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, Dictionary<string, string?> more)
    {
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}
