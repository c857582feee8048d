using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Text.Json;

namespace ActressOnnx.Functions.Tests.Packaging;

// The package targets linux-x64 and is built by a bash script, so these tests run on Linux only.
// The Functions host cannot run here; these tests check what it would read from the package.
[SupportedOSPlatform("linux")]
public sealed class FunctionPackageTests(FunctionPackageFixture package) : IClassFixture<FunctionPackageFixture>
{
    [Fact]
    public void Package_FunctionsMetadata_ListsPredictAndHealthWithTheirRoutesMethodsAndAuthLevels()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.UnpackedPath, "functions.metadata")));
        var functions = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);

        Assert.Equal(["app", "health", "predict"], functions.Keys.Order(StringComparer.Ordinal));
        AssertHttpTrigger(functions["app"], route: "app", method: "get", authLevel: "Anonymous");
        AssertHttpTrigger(functions["predict"], route: "predict", method: "post", authLevel: "Function");
        AssertHttpTrigger(functions["health"], route: "health", method: "get", authLevel: "Anonymous");
        foreach (var function in functions.Values)
        {
            Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
            Assert.True(File.Exists(Path.Combine(package.UnpackedPath, function.GetProperty("scriptFile").GetString()!)), "scriptFile is missing from the package");
        }
    }

    [Fact]
    public void Package_WorkerConfig_StartsTheIsolatedWorkerAssemblyWithDotnet()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.UnpackedPath, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("ActressOnnx.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(File.Exists(Path.Combine(package.UnpackedPath, "ActressOnnx.Functions.dll")));
    }

    [Fact]
    public void Package_HostJson_IsTheRepositorysWithTheApiRoutePrefixAndNoCustomHandler()
    {
        var packaged = File.ReadAllText(Path.Combine(package.UnpackedPath, "host.json"));
        using var host = JsonDocument.Parse(packaged);

        Assert.Equal(File.ReadAllText(Path.Combine(Testing.TestPaths.RepositoryRoot, "host.json")), packaged);
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _), "host.json still configures a custom handler");
    }

    [Fact]
    public void Package_Worker_IsReadyToRunForLinuxX64AndFrameworkDependentOnNet10()
    {
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.UnpackedPath, "ActressOnnx.Functions.runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");
        Assert.Equal("net10.0", options.GetProperty("tfm").GetString());
        Assert.False(options.TryGetProperty("includedFrameworks", out _), "the worker should use the platform's .NET, not bring its own");
        Assert.True(File.Exists(Path.Combine(package.UnpackedPath, "libonnxruntime.so")), "ONNX Runtime's linux-x64 native library is missing");

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
    public void Repository_HasNoCustomHandlerLeftovers()
    {
        var functions = Path.Combine(Testing.TestPaths.RepositoryRoot, "functions");
        var functionJsons = Directory.GetFiles(functions, "function.json", SearchOption.AllDirectories).Where(path => !IsBuildOutput(path));

        Assert.Empty(functionJsons);
        Assert.DoesNotContain("FUNCTIONS_CUSTOMHANDLER_PORT", File.ReadAllText(Path.Combine(Testing.TestPaths.RepositoryRoot, "scripts", "demo.sh")), StringComparison.Ordinal);
    }

    private static void AssertHttpTrigger(JsonElement function, string route, string method, string authLevel)
    {
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
