using System.Diagnostics;
using System.Net;
using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Net;

namespace ActressOnnx.Functions.Tests.Packaging;

// The package targets linux-x64 and is built by a bash script, so these tests run on Linux only.
[SupportedOSPlatform("linux")]
public sealed class FunctionPackageTests(FunctionPackageFixture package) : IClassFixture<FunctionPackageFixture>
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Package_HostJson_IsAtRootAndNamesAnExecutableHandler()
    {
        var executable = HandlerPath();

        Assert.True(File.Exists(executable), $"host.json names {executable}, which the package lacks");
        Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"{executable} lost its execute bit in the zip");
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.UnpackedPath, "host.json")));
        Assert.True(host.RootElement.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
    }

    [Fact]
    public void Package_FunctionFolders_MatchEveryFunctionJsonInTheRepository()
    {
        var sources = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "functions"), "function.json", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .ToList();

        Assert.Contains(sources, path => Path.GetFileName(Path.GetDirectoryName(path)) == "predict");
        Assert.Contains(sources, path => Path.GetFileName(Path.GetDirectoryName(path)) == "health");
        foreach (var source in sources)
        {
            var functionName = Path.GetFileName(Path.GetDirectoryName(source))!;
            var packaged = Path.Combine(package.UnpackedPath, functionName, "function.json");
            Assert.True(File.Exists(packaged), $"the package lacks {functionName}/function.json");
            Assert.Equal(File.ReadAllText(source), File.ReadAllText(packaged));
        }
    }

    [Fact]
    public void Package_Handler_IsSelfContainedReadyToRunForLinuxX64()
    {
        Assert.True(File.Exists(Path.Combine(package.UnpackedPath, "libcoreclr.so")), "a self-contained linux-x64 publish carries libcoreclr.so");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.UnpackedPath, "ActressOnnx.Functions.runtimeconfig.json")));
        Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _), "runtimeconfig.json should list includedFrameworks (self-contained)");

        using var assembly = new PEReader(File.OpenRead(Path.Combine(package.UnpackedPath, "ActressOnnx.Functions.dll")));
        Assert.True(assembly.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "ActressOnnx.Functions.dll is not ReadyToRun-compiled");
    }

    [Fact]
    public void Package_StagedFolder_HoldsTheSameFilesAsTheZip()
    {
        static string[] RelativeFiles(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(RelativeFiles(package.UnpackedPath), RelativeFiles(package.StagedPath));
    }

    [Fact]
    public async Task Handler_StartedAsTheFunctionsHostWould_AnswersHealthWithAReasonWhenNoModelStorageIsConfigured()
    {
        var port = LoopbackPort.Free();
        var startInfo = new ProcessStartInfo(HandlerPath())
        {
            WorkingDirectory = package.UnpackedPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in startInfo.Environment.Keys.Where(IsInheritedSettingThatChangesTheApp).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var handler = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        handler.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        handler.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        handler.Start();
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await GetWhenListeningAsync(client, new Uri($"http://127.0.0.1:{port}/api/health"), handler, output);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.True(
                problem.RootElement.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()),
                $"the 503 should say why in 'detail'; body: {body}");
        }
        finally
        {
            if (!handler.HasExited)
            {
                handler.Kill(entireProcessTree: true);
            }

            await handler.WaitForExitAsync();
        }
    }

    private string HandlerPath()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.UnpackedPath, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString();
        Assert.False(string.IsNullOrWhiteSpace(executable), "host.json's defaultExecutablePath is empty");
        return Path.Combine(package.UnpackedPath, executable);
    }

    private static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient client, Uri url, Process handler, StringBuilder output)
    {
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (true)
        {
            if (handler.HasExited)
            {
                Assert.Fail($"the handler exited with code {handler.ExitCode} before answering; output:\n{Snapshot(output)}");
            }

            try
            {
                return await client.GetAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (HttpRequestException exception)
            {
                Assert.Fail($"the handler did not answer {url} within {StartupTimeout}: {exception.Message}; output:\n{Snapshot(output)}");
            }
        }
    }

    private static bool IsInheritedSettingThatChangesTheApp(string name) =>
        name.StartsWith("ModelStorage", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("AZURE_", StringComparison.OrdinalIgnoreCase);

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);


    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
