using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ActressOnnx.Testing.Net;

namespace ActressOnnx.Testing.Serving;

/// <summary>
/// The standalone serving host (functions/Host, the same routes and answers as the Azure Functions worker) started
/// as a child process listening on a free loopback port, with settings passed as environment variables.
/// The project using it must reference functions/Host so that <c>ActressOnnx.Serving.Host.dll</c> sits beside it.
/// </summary>
public sealed class FunctionAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private ProcessOutput _output = new();

    private FunctionAppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The loopback port the app listens on.</summary>
    public int Port { get; }

    /// <summary>A client whose base address is the app.</summary>
    public HttpClient Client { get; }

    /// <summary>Whether the process has stopped.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the app wrote to stdout and stderr so far.</summary>
    public string Output => _output.ToString();

    /// <summary>Starts the app and waits until it answers HTTP and has finished its first model load (success or not).</summary>
    public static async Task<FunctionAppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var app = Start(settings);
        try
        {
            await app.WaitUntilModelLoadSettledAsync().ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>GET /api/health, as JSON whatever the status.</summary>
    public async Task<JsonElement> GetHealthAsync()
    {
        using var response = await Client.GetAsync(new Uri("/api/health", UriKind.Relative)).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
    }

    /// <summary>Kills the app.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static FunctionAppProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var appDll = Path.Combine(AppContext.BaseDirectory, "ActressOnnx.Serving.Host.dll");
        var port = LoopbackPort.Free();
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(appDll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment["Logging__LogLevel__ActressOnnx"] = "Information";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The function app did not start.");
        var app = new FunctionAppProcess(process, port);
        app._output = ProcessOutput.Capture(process);
        return app;
    }

    private async Task WaitUntilModelLoadSettledAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The function app exited with code {_process.ExitCode}. Its output:\n{Output}");
            }

            try
            {
                var health = await GetHealthAsync().ConfigureAwait(false);
                if (!health.TryGetProperty("code", out var code) || code.GetString() != "loading")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"The function app did not finish loading its model within {StartTimeout.TotalSeconds:0} s. Its output:\n{Output}");
    }
}
