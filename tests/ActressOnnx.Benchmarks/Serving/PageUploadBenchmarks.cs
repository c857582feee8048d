using System.Net.Http.Headers;
using ActressOnnx.Imaging;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace ActressOnnx.Benchmarks.Serving;

/// <summary>
/// What the web page's shrinking saves the service: <c>POST /api/predict</c> of a 4032x3024 phone photo as the camera
/// wrote it (the baseline) against the same photo as the page sends it (shorter side 4 x 224 = 896 pixels, JPEG
/// quality 0.9, resized here with Skia's cubic filter as the browser's canvas would), on the real app over loopback
/// serving a 224x224 model. Loopback hides what the upload costs on a phone network; the byte counts are printed at setup.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class PageUploadBenchmarks
{
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);
    private readonly AzuriteFixture _azurite = new();
    private FunctionAppProcess? _app;
    private byte[] _original = [];
    private byte[] _shrunk = [];

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _azurite.DisposeAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "POST the original 4032x3024 JPEG")]
    public Task Original() => PredictAsync(_original);

    [Benchmark(Description = "POST it as the page sends it, 1195x896 JPEG")]
    public Task AsThePageSendsIt() => PredictAsync(_shrunk);

    [Benchmark(Description = "GET / (the page)")]
    public async Task Page()
    {
        using var response = await _app!.Client.GetAsync(new Uri("/", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private async Task PredictAsync(byte[] jpeg)
    {
        using var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await _app!.Client.PostAsync(PredictUri, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }

    private async Task SetupAsync()
    {
        await _azurite.InitializeAsync();
        var storage = new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _azurite.NewContainerName("page") };
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
            ["Serving__MaxRequestBytes"] = (32 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serving__IntraOpThreads"] = "1",
            ["Logging__LogLevel__ActressOnnx"] = "Warning",
        });

        _original = LandscapePhotos.Jpeg(4032, 3024, LandscapePhotos.Red);
        using var photo = SKBitmap.Decode(_original);
        using var small = photo.Resize(new SKImageInfo(1195, 896, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));
        _shrunk = TestImages.Encode(small, ImageFormat.Jpeg, 90);
        Console.WriteLine($"// original {_original.Length:N0} bytes, as the page sends it {_shrunk.Length:N0} bytes ({(double)_original.Length / _shrunk.Length:0.0}x fewer)");
    }
}
