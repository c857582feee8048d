using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;
using ActressOnnx.Testing.Net;

namespace ActressOnnx.Testing.Azurite;

/// <summary>
/// A real Azurite blob service for tests: started with <c>node</c> on a free 127.0.0.1 port with a temporary
/// data folder, stopped and deleted on dispose. Use <see cref="NewContainerName"/> to keep tests apart.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The well-known Azurite development account.</summary>
    public const string AccountName = "devstoreaccount1";

    // The public, documented development-storage key that every Azurite instance accepts; not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private ProcessOutput? _output;
    private Process? _process;
    private DirectoryInfo? _location;
    private int _containerCounter;

    /// <summary>The port the blob service listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for this instance's blob endpoint.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>The path of Azurite's blob entry point under the repository's <c>.tools</c> folder.</summary>
    public static string BlobServerScript => Path.Combine(TestPaths.RepositoryRoot, ".tools", "node_modules", "azurite", "dist", "src", "blob", "main.js");

    /// <summary>A container name no other test of this run uses.</summary>
    public string NewContainerName(string prefix = "test") =>
        $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _containerCounter)}".ToLowerInvariant();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(BlobServerScript))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({BlobServerScript} is missing). Run scripts/install-tools.sh from the repository root, or: npm install --prefix .tools azurite@3.35.0");
        }

        _location = TestPaths.NewTempDirectory("azurite");
        // A port picked free can be taken by another process before Azurite binds it; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.Free();
            _process = StartAzurite(Port, _location.FullName);
            if (await WaitUntilListeningAsync(_process, Port).ConfigureAwait(false))
            {
                return;
            }

            StopProcess();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s. Its output:\n{_output}");
            }
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        StopProcess();
        try
        {
            _location?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run over it would not be.
        }

        return Task.CompletedTask;
    }

    private Process StartAzurite(int port, string location)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            BlobServerScript, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Cannot run 'node' to start Azurite; install Node.js 20 (scripts/install-tools.sh does it as root).", ex);
        }

        _output = ProcessOutput.Capture(process);
        return process;
    }


    private static async Task<bool> WaitUntilListeningAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return false;
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return !process.HasExited;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        return false;
    }


    private void StopProcess()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
        _process = null;
    }
}
