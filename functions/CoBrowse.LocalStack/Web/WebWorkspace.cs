using System.Diagnostics;

namespace CoBrowse.LocalStack.Web;

/// <summary>The repository's web/ npm workspace: its packages (Azurite among them) and its built bundles.</summary>
public sealed class WebWorkspace(string repositoryRoot, Action<string> log)
{
    public string Folder { get; } = Path.Combine(repositoryRoot, "web");

    public string Dist => Path.Combine(Folder, "dist");

    public string NodeModules => Path.Combine(Folder, "node_modules");

    /// <summary>Installs the workspace's packages from its lockfile on a fresh clone.</summary>
    public async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(NodeModules))
        {
            log("web: installing the npm packages (first run)...");
            await RunToEndAsync("npm", ["ci", "--no-audit", "--no-fund"], cancellationToken);
        }
    }

    /// <summary>Builds the SDK and console bundles when they are missing (web/dist is not committed).</summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Dist, "cobrowse.js")))
        {
            await EnsureInstalledAsync(cancellationToken);
            log("web: building the bundles (npm run build)...");
            await RunToEndAsync("npm", ["run", "build"], cancellationToken);
        }
    }

    private async Task RunToEndAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Folder, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' in {Folder} failed with exit code {process.ExitCode}.");
        }
    }
}
