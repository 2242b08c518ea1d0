namespace CoBrowse.LocalStack.Azurite;

/// <summary>Where the local Azurite listens and keeps its data (section LocalStack:Azurite).</summary>
public sealed class AzuriteOptions
{
    public const string Section = "LocalStack:Azurite";

    public int BlobPort { get; set; } = 10000;

    public int QueuePort { get; set; } = 10001;

    public int TablePort { get; set; } = 10002;

    /// <summary>Relative paths are under the repository root; the default is git-ignored.</summary>
    public string DataDirectory { get; set; } = ".local/azurite";

    /// <summary>Start Azurite when nothing listens on the table port (true), or expect one to be running (false).</summary>
    public bool AutoStart { get; set; } = true;

    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The well-known Azurite development account on these ports.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevAccountKey + ";" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";
}
