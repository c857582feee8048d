using ActressOnnx.Serving;
using ActressOnnx.Serving.ModelLifecycle;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using Azure.Storage.Blobs;
using ActressOnnx.Serving.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActressOnnx.Functions.Tests.ModelLifecycle;

[Collection(SharedAzurite.Name)]
public sealed class ModelLoaderTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();
    private readonly ModelStorageOptions _storage;
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public ModelLoaderTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("loader") };
    }

    public void Dispose()
    {
        _meters.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task RefreshAsync_WhenNewVersionPublished_SwapsToItAndUnloadsTheOld()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions());
        var first = (await loader.RefreshAsync(CancellationToken.None)).Model!;

        var second = await PublishAsync(new TinyColorModelOptions { Labels = ["rouge", "vert", "bleu"] });
        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Equal(second.Published, state.Model!.Published);
        Assert.Equal("rouge", state.Model.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)).Single().Label);
        Assert.Throws<ObjectDisposedException>(() => first.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)));
    }

    [Fact]
    public async Task RefreshAsync_WhenVersionUnchanged_KeepsTheSameClassifier()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions());

        var first = (await loader.RefreshAsync(CancellationToken.None)).Model!;
        var again = (await loader.RefreshAsync(CancellationToken.None)).Model!;

        Assert.Same(first.Classifier, again.Classifier);
    }

    [Fact]
    public async Task RefreshAsync_WhenNewerVersionIsTampered_KeepsServingTheOld()
    {
        using var loader = NewLoader();
        var good = await PublishAsync(new TinyColorModelOptions());
        await loader.RefreshAsync(CancellationToken.None);
        var bad = await PublishAsync(new TinyColorModelOptions { Labels = ["x", "y", "z"] });
        var blob = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(_storage.ContainerName).GetBlobClient(bad.Published.BlobName);
        await blob.UploadAsync(BinaryData.FromString("tampered"), overwrite: true);

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Equal(good.Published, state.Model?.Published);
        Assert.Equal("red", state.Model!.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)).Single().Label);
    }

    [Fact]
    public async Task RefreshAsync_WhenPublishedModelBreaksTheContract_ReportsInvalidModel()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions { MetadataOverrides = new Dictionary<string, string?> { [Inference.ModelMetadataKeys.InputHeight] = "zero" } });

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Null(state.Model);
        Assert.Equal("invalid_model", state.Code);
        Assert.Contains(Inference.ModelMetadataKeys.InputHeight, state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_WhenPublishedModelLoadsButCannotRun_ReportsInvalidModel()
    {
        using var loader = NewLoader();
        await PublishAsync(new TinyColorModelOptions { FailsWhenRun = true });

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Null(state.Model);
        Assert.Equal("invalid_model", state.Code);
        Assert.Contains("cannot run", state.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BrokenKinds))]
    public async Task RefreshAsync_AtStartWhenThePublishedVersionIsBroken_ServesTheNewestEarlierGoodOne(string badness, string expectedCode)
    {
        await PublishAsync(new TinyColorModelOptions());
        var lastGood = await PublishAsync(new TinyColorModelOptions { Labels = ["rouge", "vert", "bleu"] });
        var broken = await BrokenVersions.PublishAsync(_storage, badness, TimeSpan.FromMinutes(1));
        using var refreshes = new RefreshOutcomes(_meters);
        using var loader = NewLoader();

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Equal(lastGood.Published.Version, state.Model?.Published.Version);
        Assert.Equal("rouge", state.Model!.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)).Single().Label);
        Assert.Equal(broken, loader.PublishedVersion);
        Assert.Equal(broken, loader.LastFailure?.Version);
        Assert.Equal(expectedCode, loader.LastFailure?.Code);
        Assert.Equal(["fallback"], refreshes.Outcomes);

        var again = await loader.RefreshAsync(CancellationToken.None);
        Assert.Same(state.Model.Classifier, again.Model?.Classifier);
        Assert.Equal(["fallback", "unchanged"], refreshes.Outcomes);
    }

    [Fact]
    public async Task RefreshAsync_AtStartWhenSeveralNewestVersionsAreBroken_WalksBackToTheGoodOne()
    {
        var good = await PublishAsync(new TinyColorModelOptions());
        await BrokenVersions.PublishAsync(_storage, "truncated blob", TimeSpan.FromMinutes(1));
        var newest = await BrokenVersions.PublishAsync(_storage, "no labels", TimeSpan.FromMinutes(2));
        using var loader = NewLoader();

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Equal(good.Published.Version, state.Model?.Published.Version);
        Assert.Equal(newest, loader.LastFailure?.Version);
    }

    [Fact]
    public async Task RefreshAsync_AtStartWhenTheTriesRunOutBeforeAGoodVersion_ServesNothing()
    {
        await PublishAsync(new TinyColorModelOptions());
        await BrokenVersions.PublishAsync(_storage, "truncated blob", TimeSpan.FromMinutes(1));
        await BrokenVersions.PublishAsync(_storage, "missing blob", TimeSpan.FromMinutes(2));
        using var loader = NewLoader(new ServingOptions { LastKnownGoodTries = 1 });

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Null(state.Model);
        Assert.Equal("not_published", state.Code);
    }

    [Fact]
    public async Task RefreshAsync_AtStartWhenEveryVersionIsBroken_ServesNothingAndSaysWhyTheNewestWasRefused()
    {
        await BrokenVersions.PublishAsync(_storage, "cannot run", TimeSpan.FromMinutes(1));
        await BrokenVersions.PublishAsync(_storage, "truncated blob", TimeSpan.FromMinutes(2));
        using var refreshes = new RefreshOutcomes(_meters);
        using var loader = NewLoader();

        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Null(state.Model);
        Assert.Equal("integrity_failed", state.Code);
        Assert.Equal(["refused"], refreshes.Outcomes);
    }

    [Fact]
    public async Task RefreshAsync_AfterAFallbackWhenThePointerMoves_ServesThePublishedVersionAgain()
    {
        await PublishAsync(new TinyColorModelOptions());
        await BrokenVersions.PublishAsync(_storage, "not onnx", TimeSpan.FromMinutes(1));
        using var loader = NewLoader();
        var fallback = (await loader.RefreshAsync(CancellationToken.None)).Model!;

        var next = await PublishAsync(new TinyColorModelOptions());
        var state = await loader.RefreshAsync(CancellationToken.None);

        Assert.Equal(next.Published.Version, state.Model?.Published.Version);
        Assert.Equal(next.Published.Version, loader.PublishedVersion);
        Assert.Null(loader.LastFailure);
        Assert.Throws<ObjectDisposedException>(() => fallback.Classifier.PredictDecoded(ColorImages.Pixels(32, 32, 200, 10, 10)));
    }

    public static TheoryData<string, string> BrokenKinds() => BrokenVersions.Kinds();

    private ModelLoader NewLoader(ServingOptions? options = null) =>
        new(new Lazy<ModelRepositoryClient>(() => ModelRepositoryClient.Create(_storage)), Options.Create(options ?? new ServingOptions()), new ServingTelemetry(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<ModelLoader>.Instance);

    private async Task<PublishResult> PublishAsync(TinyColorModelOptions options)
    {
        var path = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".onnx"), options);
        return await ModelRepositoryClient.Create(_storage).PublishAsync(path, CancellationToken.None);
    }
}
