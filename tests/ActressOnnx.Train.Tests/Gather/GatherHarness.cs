using System.Collections.Concurrent;
using System.Security.Cryptography;
using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>A fake search/image web, a fresh output folder, and an <see cref="ImageGatherer"/> wired to both with short test timings.</summary>
internal sealed class GatherHarness : IAsyncDisposable
{
    private GatherHarness(FakeImageWeb web, DirectoryInfo output)
    {
        Web = web;
        Output = output.FullName;
    }

    public FakeImageWeb Web { get; }

    public string Output { get; }

    public ConcurrentQueue<RetryNotice> Retries { get; } = new();

    /// <summary>The decoded-pixel budget the vetter shares across downloads; null gives the vetter's default.</summary>
    public PixelBudget? PixelBudget { get; set; }

    public GatherHttpOptions Http { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5),
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
    };

    public static async Task<GatherHarness> StartAsync() =>
        new(await FakeImageWeb.StartAsync(), TestPaths.NewTempDirectory("gather"));

    public GatherOptions Options(int imagesPerClass = 50, int minSide = 32, int concurrency = 4, long maxImageBytes = 1024 * 1024, bool keepNearDuplicates = false) => new()
    {
        KeepNearDuplicates = keepNearDuplicates,
        OutputDirectory = Output,
        ImagesPerClass = imagesPerClass,
        MinSide = minSide,
        Concurrency = concurrency,
        MaxImageBytes = maxImageBytes,
    };

    /// <summary>Gathers <paramref name="className"/> with the Bing protocol against the fake web.</summary>
    public Task<ClassSummary> GatherBingAsync(string className = "cats", string query = "tabby cats", GatherOptions? options = null, IGatherProgress? progress = null, CancellationToken cancellationToken = default) =>
        GatherAsync((http) => new BingImageSearchClient(http, Web.BaseUri, FakeImageWeb.BingKey), new ClassSpec(className, query), options, progress, cancellationToken);

    public async Task<ClassSummary> GatherAsync(Func<HttpClient, IImageUrlSource> source, ClassSpec spec, GatherOptions? options = null, IGatherProgress? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Options();
        using var clients = new GatherHttpClients(Http, Retries.Enqueue);
        var gatherer = new ImageGatherer(
            source(clients.CreateSearchClient()),
            new ImageDownloadClient(clients.CreateImagesClient(), options.MaxImageBytes, Http, Retries.Enqueue),
            new ImageVetter(new ImageDecoder(), options.MinSide, PixelBudget),
            options,
            progress ?? new RecordingProgress());
        var report = await gatherer.GatherAsync([spec], cancellationToken);
        return Assert.Single(report.Classes);
    }

    public ClassManifest Manifest(string className = "cats") => ClassManifest.Load(ClassManifest.PathFor(Output, className));

    public ManifestEntry Row(string url, string className = "cats") =>
        Assert.Single(Manifest(className).Entries, e => e.Url == url);

    /// <summary>Every file under the output folder, relative to it, sorted.</summary>
    public string[] AllFiles() =>
        [.. Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Output, f)).Order(StringComparer.Ordinal)];

    public static string FileNameFor(byte[] bytes, string extension) => Convert.ToHexStringLower(SHA256.HashData(bytes)) + extension;

    public static void AssertCounts(ClassSummary summary, int found, int duplicates = 0, int tooSmall = 0, int notAnImage = 0, int failed = 0, int kept = 0)
    {
        Assert.Equal(
            (found, found - failed, duplicates, tooSmall, notAnImage, failed, kept),
            (summary.Found, summary.Downloaded, summary.Duplicates, summary.TooSmall, summary.NotAnImage, summary.Failed, summary.Kept));
        Assert.Equal(summary.Found, summary.Downloaded + summary.Failed);
        Assert.Equal(summary.Downloaded, summary.Kept + summary.Duplicates + summary.TooSmall + summary.NotAnImage);
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        Directory.Delete(Output, recursive: true);
    }
}
