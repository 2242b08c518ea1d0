namespace CoBrowse.LocalStack;

/// <summary>Finds the repository root (the folder with CoBrowse.Functions.sln), wherever the process runs from.</summary>
public static class RepositoryRoot
{
    private const string Marker = "CoBrowse.Functions.sln";

    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Could not find {Marker} above {Directory.GetCurrentDirectory()}; run the local stack from the repository.");
    }
}
