namespace CoBrowse.LocalStack.Durable;

/// <summary>Settings of the local Durable Task engine (section LocalStack:Durable).</summary>
public sealed class LocalDurableOptions
{
    public const string Section = "LocalStack:Durable";

    /// <summary>Letters and digits only; tests use one hub each.</summary>
    public string TaskHubName { get; set; } = "CoBrowseLocal";

    /// <summary>The longest the engine waits between queue polls when idle (the Azure default of 30 s is too slow for a desk).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
