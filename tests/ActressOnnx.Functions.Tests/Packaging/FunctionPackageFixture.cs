using System.IO.Compression;
using ActressOnnx.Testing;

namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>Builds the deployment zip once with scripts/package-functions.sh and unpacks it for the tests.</summary>
public sealed class FunctionPackageFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _root = TestPaths.NewTempDirectory("actressonnx-package");

    /// <summary>The zip the script produced.</summary>
    public string ZipPath => Path.Combine(_root.FullName, "functions.zip");

    /// <summary>The zip unpacked with System.IO.Compression, as a host would see it.</summary>
    public string UnpackedPath => Path.Combine(_root.FullName, "unpacked");

    /// <summary>The folder the script also leaves the package in (what azd deploys).</summary>
    public string StagedPath => Path.Combine(_root.FullName, "staged");

    public async Task InitializeAsync()
    {
        var result = await ScriptRunner.RunAsync(
            "scripts/package-functions.sh",
            ["--zip", ZipPath, "--dir", StagedPath],
            TimeSpan.FromMinutes(10),
            CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/package-functions.sh failed with exit code {result.ExitCode}:\n{result.Output}");
        }

        ZipFile.ExtractToDirectory(ZipPath, UnpackedPath);
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
