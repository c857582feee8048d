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
        UserAgent = GatherHttpOptions.WithContact(Contact),
    };

    /// <summary>The contact the tests put in the User-Agent (the fake Wikimedia refuses requests without one).</summary>
    public const string Contact = "gather-tests@example.org";

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

    /// <summary>Gathers with the Wikimedia Commons client against the fake web.</summary>
    public Task<ClassSummary> GatherWikimediaAsync(string className = "cats", string query = "tabby cat", GatherOptions? options = null, CancellationToken cancellationToken = default) =>
        GatherAsync(http => new WikimediaCommonsClient(http, Web.BaseUri, 1024, Http, Retries.Enqueue), new ClassSpec(className, query), options, null, cancellationToken);

    /// <summary>Gathers with the DuckDuckGo client (no pacing) against the fake web.</summary>
    public Task<ClassSummary> GatherDuckDuckGoAsync(string className = "cats", string query = "tabby cat", GatherOptions? options = null, CancellationToken cancellationToken = default) =>
        GatherAsync(http => new DuckDuckGoImageSearchClient(http, Web.BaseUri, safeSearch: true, new RequestPacer(TimeSpan.Zero), Http, Retries.Enqueue), new ClassSpec(className, query), options, null, cancellationToken);

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

    public static void AssertCounts(ClassSummary summary, int found, int duplicates = 0, int tooSmall = 0, int notAnImage = 0, int failed = 0, int kept = 0, int excluded = 0)
    {
        Assert.Equal(
            (found, found - failed - excluded, duplicates, tooSmall, notAnImage, failed, kept, excluded),
            (summary.Found, summary.Downloaded, summary.Duplicates, summary.TooSmall, summary.NotAnImage, summary.Failed, summary.Kept, summary.Excluded));
        Assert.Equal(summary.Found, summary.Downloaded + summary.Failed + summary.Excluded);
        Assert.Equal(summary.Downloaded, summary.Kept + summary.Duplicates + summary.TooSmall + summary.NotAnImage);
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        Directory.Delete(Output, recursive: true);
    }
}
