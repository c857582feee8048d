using System.Net;
using System.Net.Http.Headers;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using Azure.Storage.Blobs;

namespace ActressOnnx.Functions.Tests.Endpoints;

[Collection(SharedAzurite.Name)]
public sealed class UnavailableModelTests
{
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);
    private static readonly Uri HealthUri = new("/api/health", UriKind.Relative);
    private readonly AzuriteFixture _azurite;

    public UnavailableModelTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task WhenNothingPublished_HealthAndPredictAnswer503AndTheProcessStaysUp()
    {
        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = _azurite.ConnectionString,
            ["ModelStorage__ContainerName"] = _azurite.NewContainerName("empty"),
        });

        for (var i = 0; i < 3; i++)
        {
            using var health = await app.Client.GetAsync(HealthUri);
            var problem = await ProblemAssert.IsProblemAsync(health, HttpStatusCode.ServiceUnavailable, "not_published");
            Assert.Contains("actressonnx publish", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var predict = await app.Client.PostAsync(PredictUri, Png());
            await ProblemAssert.IsProblemAsync(predict, HttpStatusCode.ServiceUnavailable, "not_published");
        }

        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task WhenPublishedBlobTampered_Answers503WithTheIntegrityFailure()
    {
        var storage = new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _azurite.NewContainerName("tampered") };
        var directory = TestPaths.NewTempDirectory();
        PublishResult published;
        try
        {
            published = await ModelRepositoryClient.Create(storage).PublishAsync(TinyColorModel.WriteTo(Path.Combine(directory.FullName, "m.onnx")), CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var blob = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(storage.ContainerName).GetBlobClient(published.Published.BlobName);
        await blob.UploadAsync(BinaryData.FromBytes(TinyColorModel.Create(new TinyColorModelOptions { Labels = ["x", "y", "z"] })), overwrite: true);

        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = storage.ConnectionString,
            ["ModelStorage__ContainerName"] = storage.ContainerName,
        });

        using var health = await app.Client.GetAsync(HealthUri);
        var problem = await ProblemAssert.IsProblemAsync(health, HttpStatusCode.ServiceUnavailable, "integrity_failed");
        Assert.Contains(published.Published.Sha256, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var predict = await app.Client.PostAsync(PredictUri, Png());
        await ProblemAssert.IsProblemAsync(predict, HttpStatusCode.ServiceUnavailable, "integrity_failed");
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task WhenStorageNotConfigured_Answers503SayingWhatToSet()
    {
        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>());

        using var health = await app.Client.GetAsync(HealthUri);

        var problem = await ProblemAssert.IsProblemAsync(health, HttpStatusCode.ServiceUnavailable, "not_configured");
        Assert.Contains("ModelStorage:ConnectionString", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Png()
    {
        var content = new ByteArrayContent(ColorImages.RedPng());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
