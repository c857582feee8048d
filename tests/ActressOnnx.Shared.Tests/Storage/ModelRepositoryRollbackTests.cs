using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using Azure.Storage.Blobs;

namespace ActressOnnx.Tests.Storage;

/// <summary>Rollback, listing and the conditional pointer read of <see cref="ModelRepositoryClient"/>, against Azurite.</summary>
public sealed class ModelRepositoryRollbackTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();
    private readonly ModelStorageOptions _options;

    public ModelRepositoryRollbackTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _options = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("rollback") };
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task RollbackAsync_ToAnEarlierVersion_PointsAtItAndReportsTheReplacedOne()
    {
        var client = ModelRepositoryClient.Create(_options);
        var first = await PublishAsync(client);
        var second = await PublishAsync(client);

        var (replaced, current) = await client.RollbackAsync(first.Published.Version, CancellationToken.None);

        Assert.Equal(second.Published.Version, replaced);
        Assert.Equal(first.Published.Version, current.Version);
        Assert.Equal(first.Published.Sha256, current.Sha256);
        Assert.Equal(first.Published.BlobName, (await client.GetCurrentAsync(CancellationToken.None))!.BlobName);
        Assert.Equal(first.Published.Version, (await client.DownloadCurrentAsync(CancellationToken.None)).Published.Version);
    }

    [Fact]
    public async Task PublishAsync_AfterARollback_MovesThePointerForwardAndReportsTheRolledBackVersion()
    {
        var client = ModelRepositoryClient.Create(_options);
        var first = await PublishAsync(client);
        await PublishAsync(client);
        await client.RollbackAsync(first.Published.Version, CancellationToken.None);

        var third = await PublishAsync(client);

        Assert.True(third.BecameCurrent);
        Assert.Equal(first.Published.Version, third.Replaced);
        Assert.Equal(third.Published.Version, (await client.GetCurrentAsync(CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task RollbackAsync_WhenTwoRunAtOnce_OneWinsTheOtherFailsAndThePointerNamesTheWinner()
    {
        var client = ModelRepositoryClient.Create(_options);
        var a = await PublishAsync(client);
        var b = await PublishAsync(client);
        await PublishAsync(client);

        var attempts = await Task.WhenAll(
            Task.Run(() => Attempt(ModelRepositoryClient.Create(_options), a.Published.Version)),
            Task.Run(() => Attempt(ModelRepositoryClient.Create(_options), b.Published.Version)));

        var current = (await client.GetCurrentAsync(CancellationToken.None))!;
        var winners = attempts.Where(r => r.Error is null).ToList();
        Assert.NotEmpty(winners);
        Assert.All(attempts.Where(r => r.Error is not null), r => Assert.IsType<ModelPointerConflictException>(r.Error));
        // Whichever wrote last, the pointer is one whole, valid pointer of a version that succeeded.
        Assert.Contains(current.Version, winners.Select(w => w.Version));
        var expected = current.Version == a.Published.Version ? a.Published : b.Published;
        Assert.Equal(expected.Sha256, current.Sha256);
        Assert.Equal(expected.BlobName, current.BlobName);
    }

    [Fact]
    public async Task RollbackAsync_ToAVersionThatDoesNotExist_ThrowsAndLeavesThePointer()
    {
        var client = ModelRepositoryClient.Create(_options);
        var published = await PublishAsync(client);

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.RollbackAsync("20200101T000000000Z", CancellationToken.None));

        Assert.Contains("models list", ex.Message, StringComparison.Ordinal);
        Assert.Equal(published.Published, await client.GetCurrentAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.RollbackAsync("yesterday", CancellationToken.None));
    }

    [Fact]
    public async Task RollbackAsync_ToATamperedVersion_ThrowsIntegrityAndLeavesThePointer()
    {
        var client = ModelRepositoryClient.Create(_options);
        var first = await PublishAsync(client);
        var second = await PublishAsync(client);
        var blob = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(_options.ContainerName).GetBlobClient(first.Published.BlobName);
        await blob.UploadAsync(BinaryData.FromString("truncated"), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [ModelRepositoryClient.Sha256MetadataKey] = first.Published.Sha256 },
        });

        await Assert.ThrowsAsync<ModelIntegrityException>(() => client.RollbackAsync(first.Published.Version, CancellationToken.None));

        Assert.Equal(second.Published, await client.GetCurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetCurrentIfChangedAsync_ReportsUnchangedUntilThePointerMoves()
    {
        var client = ModelRepositoryClient.Create(_options);
        Assert.True((await client.GetCurrentIfChangedAsync(null, CancellationToken.None)) is { Changed: true, Current: null });
        var first = await PublishAsync(client);

        var read = await client.GetCurrentIfChangedAsync(null, CancellationToken.None);
        var again = await client.GetCurrentIfChangedAsync(read.ETag, CancellationToken.None);
        var second = await PublishAsync(client);
        var moved = await client.GetCurrentIfChangedAsync(read.ETag, CancellationToken.None);

        Assert.Equal(first.Published, read.Current);
        Assert.False(again.Changed);
        Assert.Null(again.Current);
        Assert.True(moved.Changed);
        Assert.Equal(second.Published, moved.Current);
        Assert.NotEqual(read.ETag, moved.ETag);
    }

    [Fact]
    public async Task ListVersionsAsync_ReportsPublishTimeSizeAndTheStoredProperties()
    {
        var client = ModelRepositoryClient.Create(_options);
        var path = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "m.onnx"));
        var published = await client.PublishAsync(path, new Dictionary<string, string> { ["validerrorrate"] = "0.125", ["epochs"] = "3" }, CancellationToken.None);

        var listed = Assert.Single(await client.ListVersionsAsync(CancellationToken.None));

        Assert.True(listed.IsCurrent);
        Assert.Equal(published.Published.Sha256, listed.Sha256);
        Assert.Equal(new FileInfo(path).Length, listed.SizeBytes);
        Assert.NotNull(listed.PublishedAt);
        Assert.Equal("0.125", listed.Properties["validerrorrate"]);
        Assert.Equal("3", listed.Properties["epochs"]);
        Assert.False(listed.Properties.ContainsKey(ModelRepositoryClient.Sha256MetadataKey));
    }

    private static async Task<(string Version, Exception? Error)> Attempt(ModelRepositoryClient client, string version)
    {
        try
        {
            await client.RollbackAsync(version, CancellationToken.None);
            return (version, null);
        }
        catch (ModelStorageException ex)
        {
            return (version, ex);
        }
    }

    private async Task<PublishResult> PublishAsync(ModelRepositoryClient client) =>
        await client.PublishAsync(TinyColorModel.WriteTo(Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".onnx")), CancellationToken.None);
}
