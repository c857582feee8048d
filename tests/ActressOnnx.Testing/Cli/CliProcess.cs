using System.Diagnostics;
using System.Text;

namespace ActressOnnx.Testing.Cli;

/// <summary>Runs the built <c>actressonnx</c> CLI (copied next to the tests) as a real child process.</summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(2);
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Lock gate = new();

    private CliProcess(Process process) => this.process = process;

    /// <summary>Starts the CLI with <paramref name="args"/>.</summary>
    public static CliProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <summary>Starts the CLI with extra environment variables; a null value removes the variable.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actressonnx.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // One libtorch thread: the CI machine's cores are shared with the other test processes.
        info.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var cli = new CliProcess(new Process { StartInfo = info });
        cli.process.OutputDataReceived += (_, e) => cli.Append(cli.stdout, e.Data);
        cli.process.ErrorDataReceived += (_, e) => cli.Append(cli.stderr, e.Data);
        cli.process.Start();
        cli.process.BeginOutputReadLine();
        cli.process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs the CLI to completion.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs the CLI to completion with extra environment variables; a null value removes the variable.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var cli = Start(environment, args);
        var exitCode = await cli.WaitForExitAsync();
        return (exitCode, cli.Stdout, cli.Stderr);
    }

    /// <summary>What the CLI wrote to standard output so far.</summary>
    public string Stdout
    {
        get
        {
            lock (gate)
            {
                return stdout.ToString();
            }
        }
    }

    /// <summary>What the CLI wrote to standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (gate)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>Waits (up to a generous limit) until stdout has a line that <paramref name="match"/> accepts.</summary>
    public async Task WaitForOutputLineAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(ExitTimeout);
        while (!Stdout.Split('\n').Any(match))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The CLI exited ({process.ExitCode}) before printing the expected line.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> does.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits (up to a generous limit) for the CLI to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(ExitTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>Kills the CLI if it still runs.</summary>
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
