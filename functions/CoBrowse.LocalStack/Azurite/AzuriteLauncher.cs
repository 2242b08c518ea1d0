using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CoBrowse.LocalStack.Web;

namespace CoBrowse.LocalStack.Azurite;

/// <summary>
/// Makes sure an Azurite is listening: reuses a running one, or starts the npm package from web/node_modules
/// (installing the web workspace's packages first on a fresh clone). The process it started dies with it.
/// </summary>
public sealed class AzuriteLauncher(AzuriteOptions options, Action<string> log) : IAsyncDisposable
{
    private const int SigTerm = 15;
    private Process? _process;
    private int _servicesClosed;
    private TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (await IsListeningAsync(options.TablePort, cancellationToken))
        {
            log($"Azurite: using the one already listening on table port {options.TablePort}.");
            return;
        }

        if (!options.AutoStart)
        {
            throw new InvalidOperationException($"Nothing listens on table port {options.TablePort} and LocalStack:Azurite:AutoStart is false.");
        }

        var root = RepositoryRoot.Find();
        var workspace = new WebWorkspace(root, log);
        await workspace.EnsureInstalledAsync(cancellationToken);
        var web = workspace.Folder;
        var azurite = Path.Combine(workspace.NodeModules, "azurite", "dist", "src", "azurite.js");

        var dataDirectory = Path.GetFullPath(Path.Combine(root, options.DataDirectory));
        Directory.CreateDirectory(dataDirectory);
        var watchdog = Path.Combine(web, "tools", "run-with-parent.mjs");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                watchdog, $"{Environment.ProcessId}", azurite, "--silent", "--skipApiVersionCheck", "--loose", "--location", dataDirectory,
                "--blobHost", "127.0.0.1", "--blobPort", $"{options.BlobPort}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{options.QueuePort}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{options.TablePort}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _servicesClosed = 0;
        _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite (is Node.js installed?).");
        _process.OutputDataReceived += (_, e) => { if (!string.IsNullOrEmpty(e.Data)) { OnOutput(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrEmpty(e.Data)) { log($"Azurite: {e.Data}"); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { options.BlobPort, options.QueuePort, options.TablePort })
        {
            while (!await IsListeningAsync(port, cancellationToken))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not start listening on port {port}.");
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        log($"Azurite: started (pid {_process.Id}), data in {dataDirectory}.");
    }

    /// <summary>
    /// Stops the Azurite this launcher started the way Ctrl+C does, so it writes its in-memory tables and queues to the
    /// data folder first (it saves them only every few seconds otherwise, and a kill would lose the latest writes); then
    /// makes sure the process is gone. <see cref="EnsureRunningAsync"/> can start it again on the same ports and data.
    /// Fault tests use this to take storage away mid-session.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        // The watchdog passes SIGTERM on to Azurite; Windows has no such signal, and the kill below stands in.
        if (!OperatingSystem.IsWindows() && Kill(process.Id, SigTerm) == 0)
        {
            await Task.WhenAny(_closed.Task, process.WaitForExitAsync(), Task.Delay(grace));
        }

        await DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>Azurite says "... service successfully closed" once per service (blob, queue, table) after saving it.</summary>
    private void OnOutput(string line)
    {
        log($"Azurite: {line}");
        if (line.Contains("service successfully closed", StringComparison.Ordinal) && Interlocked.Increment(ref _servicesClosed) == 3)
        {
            _closed.TrySetResult();
        }
    }

    // LibraryImport would need unsafe code in this project; two ints need no marshalling either way.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
