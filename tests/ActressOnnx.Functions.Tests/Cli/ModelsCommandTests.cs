using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Cli;
using ActressOnnx.Testing.Onnx;

namespace ActressOnnx.Functions.Tests.Cli;

[Collection(SharedAzurite.Name)]
public sealed class ModelsCommandTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();
    private readonly string _container;

    public ModelsCommandTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _container = azurite.NewContainerName("models-cli");
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task PublishTwiceThenListAndRollback_PrintsReplacedVersionsMarksCurrentAndMovesThePointer()
    {
        var first = Fields(await RunOkAsync("publish", "--model", Model(), "--name", "faces", "--container", _container));
        var second = Fields(await RunOkAsync("publish", "--model", Model(), "--name", "faces", "--container", _container));
        Assert.Equal("none (first version)", first["replaced"]);
        Assert.Equal(first["version"], second["replaced"]);

        var listed = await RunOkAsync("models", "list", "--name", "faces", "--container", _container);
        var rows = listed.Split('\n').Where(l => l.Contains(first["version"], StringComparison.Ordinal) || l.Contains(second["version"], StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count); // two versions and the closing "current:" line
        Assert.StartsWith("  " + first["version"], rows[0], StringComparison.Ordinal);
        Assert.StartsWith("* " + second["version"], rows[1], StringComparison.Ordinal);
        Assert.Contains(second["sha256"][..16], rows[1], StringComparison.Ordinal);
        Assert.Contains("epochs=", rows[1], StringComparison.Ordinal);
        Assert.Contains("KiB", rows[1], StringComparison.Ordinal);

        var rollback = Fields(await RunOkAsync("models", "rollback", "--name", "faces", "--container", _container, "--to", first["version"]));
        Assert.StartsWith(first["version"], rollback["current"], StringComparison.Ordinal);
        Assert.Equal(second["version"], rollback["replaced"]);
        var pointer = await ModelRepositoryClient.Create(new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _container, ModelName = "faces" })
            .GetCurrentAsync(CancellationToken.None);
        Assert.Equal(first["version"], pointer!.Version);
        Assert.Equal(first["sha256"], pointer.Sha256);
    }

    [Fact]
    public async Task Rollback_ToAnUnknownVersion_ExitsNonZeroWithOneLineSayingWhatToRun()
    {
        await RunOkAsync("publish", "--model", Model(), "--name", "faces", "--container", _container);

        var (exitCode, _, error) = await CliProcess.RunAsync(Environment(), "models", "rollback", "--name", "faces", "--container", _container, "--to", "20200101T000000000Z");

        Assert.NotEqual(0, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("models list --name faces", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WhenNothingPublished_ExitsNonZeroSayingHowToPublish()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(Environment(), "models", "list", "--name", "nothing", "--container", _container);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("actressonnx publish", error, StringComparison.Ordinal);
    }

    private async Task<string> RunOkAsync(params string[] args)
    {
        var (exitCode, output, error) = await CliProcess.RunAsync(Environment(), args);
        Assert.True(exitCode == 0, $"{string.Join(' ', args)} failed: {error}");
        return output;
    }

    private Dictionary<string, string?> Environment() => new() { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };

    private string Model() => TinyColorModel.WriteTo(Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".onnx"), new TinyColorModelOptions
    {
        MetadataOverrides = new Dictionary<string, string?> { [Inference.ModelMetadataKeys.Epochs] = "4", [Inference.ModelMetadataKeys.ValidErrorRate] = "0.25" },
    });

    private static Dictionary<string, string> Fields(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
}
