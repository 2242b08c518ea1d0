namespace CoBrowse.LocalStack.Durable;

/// <summary>Settings of the local Durable Task engine (section LocalStack:Durable).</summary>
public sealed class LocalDurableOptions
{
    public const string Section = "LocalStack:Durable";

    /// <summary>Letters and digits only; tests use one hub each.</summary>
    public string TaskHubName { get; set; } = "CoBrowseLocal";

    /// <summary>The longest the engine waits between queue polls when idle (the Azure default of 30 s is too slow for a desk).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a dequeued lifecycle message stays hidden from other tries. A message whose processing could not be
    /// saved (storage went away midway) comes back only after this, so it bounds how late a timer or signal that was
    /// in flight during a storage outage runs. Empty keeps the engine's default (5 minutes, as in Azure).
    /// </summary>
    public TimeSpan? QueueVisibilityTimeout { get; set; }

    /// <summary>
    /// How long the engine's hold on a task hub partition lasts (renewed at a third of it, and free partitions looked
    /// for as often). After a storage outage the engine works again only once it holds its partitions; empty keeps the
    /// engine's defaults (30 s, renewed every 10 s).
    /// </summary>
    public TimeSpan? PartitionLeaseInterval { get; set; }
}
