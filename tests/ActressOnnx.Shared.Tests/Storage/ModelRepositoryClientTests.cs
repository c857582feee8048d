using System.Security.Cryptography;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using Azure.Storage.Blobs;

namespace ActressOnnx.Tests.Storage;

public sealed class ModelRepositoryClientTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();

    public ModelRepositoryClientTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task PublishAsync_ThenDownloadCurrentAsync_RoundTripsTheFileWithItsHash()
    {
        var options = Options();
        var client = ModelRepositoryClient.Create(options);
        var path = ModelFile("model.onnx");
        var expectedSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var published = await client.PublishAsync(path, CancellationToken.None);
        var current = await client.GetCurrentAsync(CancellationToken.None);
        var downloaded = await client.DownloadCurrentAsync(CancellationToken.None);

        Assert.True(published.BecameCurrent);
        Assert.Equal(expectedSha, published.Published.Sha256);
        Assert.Equal($"classifier/{published.Published.Version}/model.onnx", published.Published.BlobName);
        Assert.Equal(published.Published, current);
        Assert.Equal(File.ReadAllBytes(path), downloaded.Content);
        Assert.Equal(published.Published.Version, downloaded.Published.Version);
        Assert.Matches("^[0-9]{8}T[0-9]{9}Z$", published.Published.Version);
        Assert.EndsWith($"/{options.ContainerName}/{published.Published.BlobName}", published.BlobUri.AbsoluteUri, StringComparison.Ordinal);

        var container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(options.ContainerName);
        var properties = await container.GetBlobClient(published.Published.BlobName).GetPropertiesAsync();
        Assert.Equal(expectedSha, properties.Value.Metadata[ModelRepositoryClient.Sha256MetadataKey]);
        var access = await container.GetAccessPolicyAsync();
        Assert.Equal(Azure.Storage.Blobs.Models.PublicAccessType.None, access.Value.BlobPublicAccess);
    }

    [Fact]
    public async Task PublishAsync_WhenPublishedQuicklyInSuccession_GivesUniqueOrderedVersionsAndPointsAtTheLast()
    {
        var client = ModelRepositoryClient.Create(Options());
        var path = ModelFile("model.onnx");

        var results = new List<PublishResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await client.PublishAsync(path, CancellationToken.None));
        }

        var versions = results.Select(r => r.Published.Version).ToList();
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(versions.Order(StringComparer.Ordinal), versions);
        Assert.Equal(versions[^1], (await client.GetCurrentAsync(CancellationToken.None))?.Version);

        var listed = await client.ListVersionsAsync(CancellationToken.None);
        Assert.Equal(versions, listed.Select(v => v.Version));
        Assert.Equal([false, false, false, false, true], listed.Select(v => v.IsCurrent));
        Assert.All(listed, v => Assert.Equal(results[0].Published.Sha256, v.Sha256));
    }

    [Fact]
    public async Task PublishAsync_WhenManyPublishConcurrently_VersionsAreUniqueAndPointerNamesTheNewest()
    {
        var options = Options();
        var path = ModelFile("model.onnx");

        var results = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => ModelRepositoryClient.Create(options).PublishAsync(path, CancellationToken.None))));

        var versions = results.Select(r => r.Published.Version).ToList();
        Assert.Equal(versions.Count, versions.Distinct().Count());
        var current = await ModelRepositoryClient.Create(options).GetCurrentAsync(CancellationToken.None);
        Assert.Equal(versions.Max(StringComparer.Ordinal), current?.Version);
    }

    [Fact]
    public async Task DownloadCurrentAsync_WhenBlobTampered_ThrowsIntegrityExceptionWithBothHashes()
    {
        var options = Options();
        var client = ModelRepositoryClient.Create(options);
        var published = await client.PublishAsync(ModelFile("model.onnx"), CancellationToken.None);
        var blob = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(options.ContainerName).GetBlobClient(published.Published.BlobName);
        await blob.UploadAsync(BinaryData.FromBytes(TinyColorModel.Create(new TinyColorModelOptions { Labels = ["a", "b", "c"] })), overwrite: true);

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(() => client.DownloadCurrentAsync(CancellationToken.None));

        Assert.Contains(published.Published.Sha256, ex.Message, StringComparison.Ordinal);
        Assert.Contains(published.Published.Version, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadCurrentAsync_WhenContainerMissing_ThrowsModelNotFound()
    {
        var client = ModelRepositoryClient.Create(Options());

        Assert.Null(await client.GetCurrentAsync(CancellationToken.None));
        Assert.Empty(await client.ListVersionsAsync(CancellationToken.None));
        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.DownloadCurrentAsync(CancellationToken.None));
        Assert.Contains("actressonnx publish", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadCurrentAsync_WhenOnlyAnotherModelPublished_ThrowsModelNotFound()
    {
        var options = Options();
        var other = ModelRepositoryClient.Create(new ModelStorageOptions { ConnectionString = options.ConnectionString, ContainerName = options.ContainerName, ModelName = "other" });
        await other.PublishAsync(ModelFile("model.onnx"), CancellationToken.None);
        var client = ModelRepositoryClient.Create(options);

        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.DownloadCurrentAsync(CancellationToken.None));
        Assert.Empty(await client.ListVersionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetCurrentAsync_WhenPointerIsNotJson_ThrowsIntegrityException()
    {
        var options = Options();
        var client = ModelRepositoryClient.Create(options);
        await client.PublishAsync(ModelFile("model.onnx"), CancellationToken.None);
        var container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(options.ContainerName);
        await container.GetBlobClient(client.PointerBlobName).UploadAsync(BinaryData.FromString("{not json"), overwrite: true);

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(() => client.GetCurrentAsync(CancellationToken.None));

        Assert.Contains("current.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenNeitherConnectionStringNorAccountUrl_ThrowsNamingBothSettings()
    {
        var ex = Assert.Throws<ModelStorageException>(() => ModelRepositoryClient.Create(new ModelStorageOptions()));

        Assert.Contains("ModelStorage:ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ModelStorage:AccountUrl", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Models", "classifier")]
    [InlineData("ab", "classifier")]
    [InlineData("models", "a/b")]
    [InlineData("models", "")]
    public void Create_WhenNamesInvalid_ThrowsModelStorageException(string container, string model)
    {
        Assert.Throws<ModelStorageException>(() => ModelRepositoryClient.Create(
            new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = container, ModelName = model }));
    }

    [Fact]
    public void Create_WhenAccountUrl_UsesItWithoutConnectingYet()
    {
        var client = ModelRepositoryClient.Create(new ModelStorageOptions
        {
            AccountUrl = "https://example.blob.core.windows.net",
            ContainerName = "models",
            ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://example.blob.core.windows.net/models"), client.ContainerUri);
    }

    private ModelStorageOptions Options() => new() { ConnectionString = _azurite.ConnectionString, ContainerName = _azurite.NewContainerName() };

    private string ModelFile(string name) => TinyColorModel.WriteTo(Path.Combine(_directory.FullName, name));
}
