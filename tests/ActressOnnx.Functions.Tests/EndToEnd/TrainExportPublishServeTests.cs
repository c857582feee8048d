using System.Net;
using System.Net.Http.Headers;
using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Imaging;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Serving;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Functions.Tests.EndToEnd;

/// <summary>
/// The whole path on real parts: a generated two-class image set is trained with TorchSharp, exported to ONNX and
/// verified, published to Azurite, loaded by the function app process and queried over HTTP on loopback.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class TrainExportPublishServeTests : IDisposable
{
    private const string ModelName = "shapes";
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _work = TestPaths.NewTempDirectory("end-to-end");

    public TrainExportPublishServeTests(AzuriteFixture azurite)
    {
        _azurite = azurite;

        // Other test assemblies run at the same time; libtorch's OpenMP workers crawl when they fight over 2 cores.
        TorchSharp.torch.set_num_threads(1);
    }

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task TrainedModel_WhenPublishedAndServed_ClassifiesHeldOutImagesOverHttp()
    {
        var data = Path.Combine(_work.FullName, "data");
        var heldOut = Path.Combine(_work.FullName, "held-out");
        SyntheticDataset.Write(data, imagesPerClass: 24, size: 32, seed: 5);
        SyntheticDataset.Write(heldOut, imagesPerClass: 6, size: 40, format: ImageFormat.Jpeg, seed: 77);

        // Train.
        var trained = TrainingJob.Run(
            new TrainingJobOptions
            {
                DataDirectory = data,
                OutputPath = Path.Combine(_work.FullName, "model.ckpt"),
                Preprocess = new PreprocessSettings(32, 32, ResizeMethod.Squish),
                Device = DeviceChoice.Cpu,

                // Fine-tunes the ImageNet weights (the default); 36 training images are too few for random crops.
                Augment = false,
                Training = new TrainingOptions { Epochs = 6, BatchSize = 16, Seed = 42 },
            },
            TextWriter.Null,
            progress: null,
            CancellationToken.None);
        Assert.True(trained.History[^1].ErrorRate <= 0.15, $"training did not separate the classes: {string.Join(", ", trained.History)}");

        // Export from the checkpoint file, as the CLI does; the exporter verifies ONNX Runtime against TorchSharp.
        var (model, info) = TrainingCheckpoint.Load(trained.CheckpointPath, CPU);
        OnnxExportResult exported;
        using (model)
        {
            exported = OnnxExporter.Export(model, info, Path.Combine(_work.FullName, "model.onnx"), options: null, CancellationToken.None);
        }

        Assert.InRange(exported.MaxDifference, 0, 1e-4);

        // Publish to a real Azurite, then serve from the function app process.
        var storage = new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _azurite.NewContainerName("e2e"), ModelName = ModelName };
        var published = await ModelRepositoryClient.Create(storage).PublishAsync(exported.Path, CancellationToken.None);
        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = storage.ConnectionString,
            ["ModelStorage__ContainerName"] = storage.ContainerName,
            ["ModelStorage__ModelName"] = ModelName,
        });
        var health = await app.GetHealthAsync();
        Assert.Equal(published.Published.Version, health.GetProperty("model").GetProperty("version").GetString());

        // Held-out images, alternating raw bodies and multipart uploads.
        var images = Directory.GetFiles(heldOut, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var correct = 0;
        for (var i = 0; i < images.Length; i++)
        {
            var expected = Path.GetFileName(Path.GetDirectoryName(images[i]))!;
            var bytes = await File.ReadAllBytesAsync(images[i]);
            using var response = await app.Client.PostAsync(PredictUri, i % 2 == 0 ? RawBody(bytes) : Multipart(bytes));
            var prediction = await ProblemAssert.IsPredictionAsync(response);

            var label = prediction.GetProperty("label").GetString();
            var probabilities = prediction.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            Assert.Equal(SyntheticDataset.Labels, probabilities.Keys);
            Assert.Equal(1f, probabilities.Values.Sum(), 3);
            Assert.Equal(probabilities.MaxBy(p => p.Value).Key, label);
            Assert.Equal(probabilities[label!], prediction.GetProperty("probability").GetSingle());
            Assert.Equal(ModelName, prediction.GetProperty("model").GetProperty("name").GetString());
            Assert.Equal(published.Published.Version, prediction.GetProperty("model").GetProperty("version").GetString());
            correct += label == expected ? 1 : 0;
        }

        Assert.True(correct >= images.Length - 2, $"{correct} of {images.Length} held-out images classified correctly");

        // Garbage gets a problem+json 4xx, and the service keeps answering.
        using (var garbage = await app.Client.PostAsync(PredictUri, RawBody("<html>not an image</html>"u8.ToArray())))
        {
            await ProblemAssert.IsProblemAsync(garbage, HttpStatusCode.UnsupportedMediaType, "unsupported_image");
        }

        using var afterGarbage = await app.Client.PostAsync(PredictUri, RawBody(await File.ReadAllBytesAsync(images[0])));
        await ProblemAssert.IsPredictionAsync(afterGarbage);
        Assert.False(app.HasExited);
    }

    private static ByteArrayContent RawBody(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    private static MultipartFormDataContent Multipart(byte[] bytes) => new() { { RawBody(bytes), "image", "photo.jpg" } };
}
