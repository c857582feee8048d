using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class ImageGathererResumeTests
{
    [Fact]
    public async Task Gather_WhenInterruptedThenRunAgain_CompletesWithoutDuplicatesOrPartialFiles()
    {
        await using var h = await GatherHarness.StartAsync();
        var images = Enumerable.Range(1, 10).Select(i => GatherImages.Jpeg(i)).ToList();
        // The first image hangs on its first request, so a download is in flight when the run is interrupted.
        var slow = h.Web.Serve("img/slow.jpg", FakeResponse.Hang(), FakeResponse.Image(images[0]));
        var urls = new List<string> { slow };
        urls.AddRange(images.Skip(1).Select((bytes, i) => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(bytes))));
        h.Web.SearchResults.AddRange(urls);

        using var interrupt = new CancellationTokenSource();
        var progress = new RecordingProgress((_, _) =>
        {
            if (!interrupt.IsCancellationRequested)
            {
                interrupt.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            h.GatherBingAsync(options: h.Options(concurrency: 2), progress: progress, cancellationToken: interrupt.Token));

        var firstRun = h.Manifest().Entries;
        Assert.InRange(firstRun.Count, 1, 9);
        Assert.DoesNotContain(firstRun, e => e.Url == slow);
        Assert.DoesNotContain(h.AllFiles(), f => f.EndsWith(".partial", StringComparison.Ordinal));
        Assert.Equal(
            firstRun.Select(e => e.File).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(h.Output, "cats")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // What a killed (not cancelled) run would leave behind.
        var leftover = Path.Combine(h.Output, "cats", ".0123abcd.jpg.5f1e.partial");
        await File.WriteAllBytesAsync(leftover, images[0][..100]);

        var resumed = new RecordingProgress();
        var summary = await h.GatherBingAsync(options: h.Options(concurrency: 2), progress: resumed);

        GatherHarness.AssertCounts(summary, found: 10, kept: 10);
        Assert.Equal(firstRun.Count, resumed.AlreadyKeptAtStart);
        Assert.Equal(10 - firstRun.Count, resumed.Entries.Count);
        Assert.Equal(
            images.Select(b => GatherHarness.FileNameFor(b, ".jpg")).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(h.Output, "cats")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var manifest = h.Manifest().Entries;
        Assert.Equal(urls.Order(StringComparer.Ordinal), manifest.Select(e => e.Url).Order(StringComparer.Ordinal));
        Assert.Equal(10, File.ReadAllLines(ClassManifest.PathFor(h.Output, "cats")).Length);
        Assert.All(firstRun, e => Assert.Equal(1, h.Web.RequestCount(e.Url)));
        Assert.Equal(2, h.Web.RequestCount(slow));
    }

    [Fact]
    public async Task Gather_WhenKeptImageWasDeleted_TopsUpWithoutFetchingOrStoringItAgain()
    {
        await using var h = await GatherHarness.StartAsync();
        var images = Enumerable.Range(1, 4).Select(i => GatherImages.Jpeg(i)).ToList();
        h.Web.SearchResults.AddRange(images.Select((bytes, i) => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(bytes))));
        var mirror = h.Web.Serve("mirror/0.jpg", FakeResponse.Image(images[0]));
        h.Web.SearchResults.Insert(2, mirror);
        await h.GatherBingAsync(options: h.Options(imagesPerClass: 2, concurrency: 1));
        File.Delete(Path.Combine(h.Output, "cats", GatherHarness.FileNameFor(images[0], ".jpg")));

        var summary = await h.GatherBingAsync(options: h.Options(imagesPerClass: 2, concurrency: 1));

        GatherHarness.AssertCounts(summary, found: 4, duplicates: 1, kept: 3);
        Assert.Equal(GatherStatus.Duplicate, h.Row(mirror).Status);
        Assert.Equal(
            new[] { images[1], images[2] }.Select(b => GatherHarness.FileNameFor(b, ".jpg")).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(h.Output, "cats")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(1, h.Web.RequestCount(h.Web.SearchResults[0]));
    }

    [Fact]
    public async Task Gather_WithRetryFailed_TriesEarlierFailuresAgainAndReplacesTheirRows()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Http.MaxRetries = 0;
        var bytes = GatherImages.Jpeg(1);
        var url = h.Web.Serve("img/later.jpg", FakeResponse.Error(503), FakeResponse.Image(bytes));
        h.Web.SearchResults.Add(url);
        var first = await h.GatherBingAsync();
        var plainRerun = await h.GatherBingAsync();

        var retried = await h.GatherBingAsync(options: new GatherOptions { OutputDirectory = h.Output, MinSide = 32, RetryFailed = true });

        GatherHarness.AssertCounts(first, found: 1, failed: 1);
        Assert.Equal(first, plainRerun);
        GatherHarness.AssertCounts(retried, found: 1, kept: 1);
        Assert.Equal(2, h.Web.RequestCount(url));
        Assert.Equal(GatherHarness.FileNameFor(bytes, ".jpg"), Assert.Single(h.Manifest().Entries).File);
    }
}
