using System.Net.Http.Headers;
using ActressOnnx.Imaging;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using BenchmarkDotNet.Attributes;

namespace ActressOnnx.Benchmarks.Serving;

/// <summary>
/// Request latency of the real function app over loopback (Azurite for storage, the tiny colour model at 224 x 224),
/// as ratios to <c>GET /api/health</c> on the same server: what reading the body, decoding, resizing and inference
/// add to the HTTP round trip. With Concurrency above 1 each operation is that many requests in flight at once.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ServingLatencyBenchmarks
{
    private static readonly Uri HealthUri = new("/api/health", UriKind.Relative);
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);

    private readonly AzuriteFixture _azurite = new();
    private FunctionAppProcess? _app;
    private byte[] _smallPng = [];
    private byte[] _photoJpeg = [];

    /// <summary>Requests in flight at once per operation.</summary>
    [Params(1, 8)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _azurite.DisposeAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "GET /api/health")]
    public Task Health() => RunAsync(() => new HttpRequestMessage(HttpMethod.Get, HealthUri));

    [Benchmark(Description = "POST /api/predict 32x32 PNG")]
    public Task PredictSmallPng() => RunAsync(() => Predict(new ByteArrayContent(_smallPng), "image/png"));

    [Benchmark(Description = "POST /api/predict 1024x768 JPEG")]
    public Task PredictPhotoJpeg() => RunAsync(() => Predict(new ByteArrayContent(_photoJpeg), "image/jpeg"));

    [Benchmark(Description = "POST /api/predict 1024x768 JPEG multipart")]
    public Task PredictPhotoJpegMultipart() => RunAsync(() =>
    {
        var file = new ByteArrayContent(_photoJpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new HttpRequestMessage(HttpMethod.Post, PredictUri) { Content = new MultipartFormDataContent { { file, "image", "photo.jpg" } } };
    });

    private static HttpRequestMessage Predict(ByteArrayContent content, string contentType)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new HttpRequestMessage(HttpMethod.Post, PredictUri) { Content = content };
    }

    private async Task RunAsync(Func<HttpRequestMessage> request)
    {
        var client = _app!.Client;
        var requests = new Task[Concurrency];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = SendAsync(client, request());
        }

        await Task.WhenAll(requests);
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await response.Content.ReadAsByteArrayAsync();
        }
    }

    private async Task SetupAsync()
    {
        await _azurite.InitializeAsync();
        var storage = new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _azurite.NewContainerName("bench") };
        var directory = TestPaths.NewTempDirectory();
        try
        {
            var model = TinyColorModel.WriteTo(Path.Combine(directory.FullName, "model.onnx"), new TinyColorModelOptions { Width = 224, Height = 224, ResizeMethod = "crop" });
            await ModelRepositoryClient.Create(storage).PublishAsync(model, CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        _app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = storage.ConnectionString,
            ["ModelStorage__ContainerName"] = storage.ContainerName,
            ["Serving__IntraOpThreads"] = "1",
            ["Logging__LogLevel__ActressOnnx"] = "Warning",
        });
        var health = await _app.GetHealthAsync();
        if (!health.TryGetProperty("status", out var status) || status.GetString() != "ok")
        {
            throw new InvalidOperationException($"The app serves no model: {health}. Its output:\n{_app.Output}");
        }

        _smallPng = ColorImages.RedPng();
        using var photo = TestImages.SmoothPicture(1024, 768);
        _photoJpeg = TestImages.Encode(photo, ImageFormat.Jpeg, 90);
    }
}
