using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using ActressOnnx.Testing.Cli;

namespace ActressOnnx.Functions.Tests.Cli;

[Collection(SharedAzurite.Name)]
public sealed class PublishCommandTests : IDisposable
{
    private const string PublishCommandVariable = "AZURE_STORAGE_CONNECTION_STRING";
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();

    public PublishCommandTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Publish_WithConnectionStringFromEnvironment_UploadsAndTheAppServesIt()
    {
        var container = _azurite.NewContainerName("cli");
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"));

        var (exitCode, output, error) = await CliProcess.RunAsync(
            new Dictionary<string, string?> { [PublishCommandVariable] = _azurite.ConnectionString },
            "publish", "--model", model, "--name", "cli-model", "--container", container);

        Assert.True(exitCode == 0, error);
        var printed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        var current = await ModelRepositoryClient.Create(new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = container, ModelName = "cli-model" })
            .GetCurrentAsync(CancellationToken.None);
        Assert.Equal("cli-model", printed["name"]);
        Assert.Equal(current!.Version, printed["version"]);
        Assert.Equal(current.Sha256, printed["sha256"]);
        Assert.EndsWith($"/{container}/cli-model/{current.Version}/model.onnx", printed["blob"], StringComparison.Ordinal);

        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = _azurite.ConnectionString,
            ["ModelStorage__ContainerName"] = container,
            ["ModelStorage__ModelName"] = "cli-model",
        });
        using var content = new ByteArrayContent(ColorImages.RedPng());
        using var response = await app.Client.PostAsync(new Uri("/api/predict", UriKind.Relative), content);
        var prediction = await ProblemAssert.IsPredictionAsync(response);
        Assert.Equal(current.Version, prediction.GetProperty("model").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Publish_WhenModelIsNotServable_RefusesWithoutUploading()
    {
        var container = _azurite.NewContainerName("cli-bad");
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"), new TinyColorModelOptions
        {
            MetadataOverrides = new Dictionary<string, string?> { [Inference.ModelMetadataKeys.Labels] = null },
        });

        var (exitCode, _, error) = await CliProcess.RunAsync(
            new Dictionary<string, string?>(), "publish", "--model", model, "--container", container, "--connection-string", _azurite.ConnectionString);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(Inference.ModelMetadataKeys.Labels, error, StringComparison.Ordinal);
        var versions = await ModelRepositoryClient.Create(new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = container })
            .ListVersionsAsync(CancellationToken.None);
        Assert.Empty(versions);
    }

    [Fact]
    public async Task Publish_WhenEndpointUnreachable_ExitsWithOneLineWhoseAdviceIsItsOwnSentence()
    {
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"));
        var port = ActressOnnx.Testing.Net.LoopbackPort.Free();
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        var (exitCode, _, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "publish", "--model", model, "--connection-string", connectionString);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Blob Storage is unreachable: ", line, StringComparison.Ordinal);
        Assert.EndsWith(". Check the connection string or account URL.", line.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(".. Check", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WhenNoDestination_ExitsSayingWhatToPass()
    {
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"));

        var (exitCode, _, error) = await CliProcess.RunAsync(new Dictionary<string, string?> { [PublishCommandVariable] = null }, "publish", "--model", model);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--connection-string", error, StringComparison.Ordinal);
        Assert.Contains(PublishCommandVariable, error, StringComparison.Ordinal);
    }
}
