namespace CoBrowse.IntegrationTests.Infrastructure;

/// <summary>A throw-away folder under the temp directory for a test stack's Azurite data.</summary>
public sealed class TestDataFolder(string prefix)
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be flushing; the OS cleans temp eventually.
        }
    }
}
