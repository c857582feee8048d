using ActressOnnx.Functions.Models;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActressOnnx.Functions.Tests.Models;

[Collection(SharedAzurite.Name)]
public sealed class ModelLoaderTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();
    private readonly ModelStorageOptions _storage;

    public ModelLoaderTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("loader") };
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task LoadCurrentAsync_WhenNewVersionPublished_SwapsToItAndUnloadsTheOld()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions());
        var first = (await loader.LoadCurrentAsync(CancellationToken.None)).Model!;

        var second = await PublishAsync(new TinyColorModelOptions { Labels = ["rouge", "vert", "bleu"] });
        var state = await loader.LoadCurrentAsync(CancellationToken.None);

        Assert.Equal(second.Published, state.Model!.Published);
        Assert.Equal("rouge", state.Model.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)).Single().Label);
        Assert.Throws<ObjectDisposedException>(() => first.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)));
    }

    [Fact]
    public async Task LoadCurrentAsync_WhenVersionUnchanged_KeepsTheSameClassifier()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions());

        var first = (await loader.LoadCurrentAsync(CancellationToken.None)).Model!;
        var again = (await loader.LoadCurrentAsync(CancellationToken.None)).Model!;

        Assert.Same(first.Classifier, again.Classifier);
    }

    [Fact]
    public async Task LoadCurrentAsync_WhenNewerVersionIsTampered_KeepsServingTheOld()
    {
        using var loader = NewLoader();
        var good = await PublishAsync(new TinyColorModelOptions());
        await loader.LoadCurrentAsync(CancellationToken.None);
        var bad = await PublishAsync(new TinyColorModelOptions { Labels = ["x", "y", "z"] });
        var blob = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(_storage.ContainerName).GetBlobClient(bad.Published.BlobName);
        await blob.UploadAsync(BinaryData.FromString("tampered"), overwrite: true);

        var state = await loader.LoadCurrentAsync(CancellationToken.None);

        Assert.Equal(good.Published, state.Model?.Published);
        Assert.Equal("red", state.Model!.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)).Single().Label);
    }

    [Fact]
    public async Task LoadCurrentAsync_WhenPublishedModelBreaksTheContract_ReportsInvalidModel()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions { MetadataOverrides = new Dictionary<string, string?> { [Inference.ModelMetadataKeys.InputHeight] = "zero" } });

        var state = await loader.LoadCurrentAsync(CancellationToken.None);

        Assert.Null(state.Model);
        Assert.Equal("invalid_model", state.Code);
        Assert.Contains(Inference.ModelMetadataKeys.InputHeight, state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCurrentAsync_WhenPublishedModelLoadsButCannotRun_ReportsInvalidModel()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions { FailsWhenRun = true });

        var state = await loader.LoadCurrentAsync(CancellationToken.None);

        Assert.Null(state.Model);
        Assert.Equal("invalid_model", state.Code);
        Assert.Contains("cannot run", state.Reason, StringComparison.Ordinal);
    }

    private ModelLoader NewLoader() =>
        new(Options.Create(_storage), Options.Create(new ServingOptions()), NullLogger<ModelLoader>.Instance);

    private async Task<PublishResult> PublishAsync(TinyColorModelOptions options)
    {
        var path = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".onnx"), options);
        return await ModelRepositoryClient.Create(_storage).PublishAsync(path, CancellationToken.None);
    }
}
