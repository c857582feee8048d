using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class ImageGathererTests
{
    [Fact]
    public async Task Gather_WithBingPaging_FollowsNextOffsetAcrossPagesAndKeepsEveryImage()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.BingPageSize = 3;
        var images = Enumerable.Range(1, 8).Select(i => GatherImages.Jpeg(i)).ToList();
        h.Web.SearchResults.AddRange(images.Select((bytes, i) => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(bytes))));

        var summary = await h.GatherBingAsync(options: h.Options(imagesPerClass: 20));

        var pages = h.Web.SearchQueries("/v7.0/images/search");
        Assert.Equal(["0", "3", "6", "8"], pages.Select(q => q["offset"]));
        Assert.All(pages, q => Assert.Equal("tabby cats", q["q"]));
        Assert.Equal("60", pages[0]["count"]);
        GatherHarness.AssertCounts(summary, found: 8, kept: 8);
        Assert.Equal(
            images.Select(b => Path.Combine("cats", GatherHarness.FileNameFor(b, ".jpg"))).Order(StringComparer.Ordinal),
            h.AllFiles().Where(f => f.StartsWith("cats" + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
        Assert.Equal(["cats.manifest.jsonl", "cats"], h.AllFiles().Select(f => f.Split(Path.DirectorySeparatorChar)[0]).Distinct());
    }

    [Fact]
    public async Task Gather_WhenTargetReached_StopsPagingAndKeepsExactlyTheTarget()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.BingPageSize = 3;
        h.Web.SearchResults.AddRange(Enumerable.Range(1, 9).Select(i => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(GatherImages.Jpeg(i)))));

        var summary = await h.GatherBingAsync(options: h.Options(imagesPerClass: 4, concurrency: 1));

        Assert.Equal(["0", "3"], h.Web.SearchQueries("/v7.0/images/search").Select(q => q["offset"]));
        GatherHarness.AssertCounts(summary, found: 4, kept: 4);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(h.Output, "cats")).Length);
        Assert.Equal(0, h.Web.RequestCount(h.Web.SearchResults[4]));
    }

    [Fact]
    public async Task Gather_WhenImageAnswers429WithRetryAfter_WaitsAsToldThenKeepsIt()
    {
        await using var h = await GatherHarness.StartAsync();
        var bytes = GatherImages.Jpeg(1);
        var url = h.Web.Serve("img/busy.jpg", FakeResponse.Error(429, retryAfter: "1"), FakeResponse.Image(bytes));
        h.Web.SearchResults.Add(url);

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 1, kept: 1);
        Assert.Equal(2, h.Web.RequestCount(url));
        var retry = Assert.Single(h.Retries);
        Assert.Equal((url, "HTTP 429", TimeSpan.FromSeconds(1)), (retry.Url, retry.Reason, retry.Delay));
        Assert.Equal(GatherHarness.FileNameFor(bytes, ".jpg"), h.Row(url).File);
    }

    [Fact]
    public async Task Gather_WhenServerFailsWith500sThenRecovers_RetriesAndKeepsTheImage()
    {
        await using var h = await GatherHarness.StartAsync();
        var flaky = h.Web.Serve("img/flaky.jpg", FakeResponse.Error(500), FakeResponse.Error(503), FakeResponse.Image(GatherImages.Jpeg(1)));
        var broken = h.Web.Serve("img/broken.jpg", FakeResponse.Error(500));
        h.Web.SearchResults.AddRange([flaky, broken]);

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 2, failed: 1, kept: 1);
        Assert.Equal(3, h.Web.RequestCount(flaky));
        Assert.Equal(1 + h.Http.MaxRetries, h.Web.RequestCount(broken));
        var failed = h.Row(broken);
        Assert.Equal((GatherStatus.Failed, "HTTP 500 Internal Server Error", null), (failed.Status, failed.Reason, failed.Sha256));
    }

    [Fact]
    public async Task Gather_WhenServerNeverAnswers_TimesOutAndRecordsFailure()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Http.RequestTimeout = TimeSpan.FromSeconds(2); // short, but roomy enough that the good image is not timed out on a loaded machine
        h.Http.MaxRetries = 1;
        var silent = h.Web.Serve("img/silent.jpg", FakeResponse.Hang());
        var fine = h.Web.Serve("img/fine.jpg", FakeResponse.Image(GatherImages.Jpeg(1)));
        h.Web.SearchResults.AddRange([silent, fine]);

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 2, failed: 1, kept: 1);
        Assert.Equal(2, h.Web.RequestCount(silent));
        Assert.Equal((GatherStatus.Failed, "timed out waiting for the server"), (h.Row(silent).Status, h.Row(silent).Reason));
        Assert.Equal(GatherStatus.Kept, h.Row(fine).Status);
    }

    [Fact]
    public async Task Gather_WhenRedirected_FollowsHttpButNotOtherSchemes()
    {
        await using var h = await GatherHarness.StartAsync();
        var bytes = GatherImages.Png(1);
        var target = h.Web.Serve("cdn/real.png", FakeResponse.Image(bytes, "image/png"));
        var moved = h.Web.Serve("img/moved.jpg", FakeResponse.Redirect("/img/moved-again.jpg"));
        h.Web.Serve("img/moved-again.jpg", FakeResponse.Redirect(target));
        var loop = h.Web.Serve("img/loop.jpg", FakeResponse.Redirect("/img/loop.jpg"));
        var toFtp = h.Web.Serve("img/ftp.jpg", FakeResponse.Redirect("ftp://127.0.0.1/secret.jpg"));
        var toFile = h.Web.Serve("img/file.jpg", FakeResponse.Redirect("file:///etc/passwd"));
        h.Web.SearchResults.AddRange([moved, loop, toFtp, toFile]);

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 4, failed: 3, kept: 1);
        Assert.Equal("more than 5 redirects", h.Row(loop).Reason);
        Assert.Equal(6, h.Web.RequestCount(loop));
        Assert.Equal(GatherHarness.FileNameFor(bytes, ".png"), h.Row(moved).File);
        Assert.Equal("redirect to a 'ftp' URL not followed (only http and https are)", h.Row(toFtp).Reason);
        Assert.Equal("redirect to a 'file' URL not followed (only http and https are)", h.Row(toFile).Reason);
        Assert.Equal([Path.Combine("cats", GatherHarness.FileNameFor(bytes, ".png"))], Directory.GetFiles(Path.Combine(h.Output, "cats")).Select(f => Path.GetRelativePath(h.Output, f)));
    }

    [Fact]
    public async Task Gather_WhenContentIsNotWhatNameOrTypeSay_SniffsTheBytes()
    {
        await using var h = await GatherHarness.StartAsync();
        var html = h.Web.Serve("img/photo.jpg", FakeResponse.Html("<html><body>Access denied</body></html>") with { ContentType = "image/jpeg" });
        var truncated = h.Web.Serve("img/cut.jpg", FakeResponse.Image(GatherImages.TruncatedJpeg()));
        var pngBytes = GatherImages.Png(1);
        var pngAsJpg = h.Web.Serve("img/really-a-png.jpg", FakeResponse.Image(pngBytes, "image/jpeg"));
        h.Web.SearchResults.AddRange([html, truncated, pngAsJpg]);

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 3, notAnImage: 2, kept: 1);
        Assert.Equal(GatherStatus.NotAnImage, h.Row(html).Status);
        Assert.StartsWith("unsupported-format:", h.Row(html).Reason, StringComparison.Ordinal);
        Assert.NotNull(h.Row(html).Sha256);
        Assert.Equal((GatherStatus.NotAnImage, 96, 96), (h.Row(truncated).Status, h.Row(truncated).Width, h.Row(truncated).Height));
        Assert.StartsWith("truncated:", h.Row(truncated).Reason, StringComparison.Ordinal);
        Assert.Equal(GatherHarness.FileNameFor(pngBytes, ".png"), h.Row(pngAsJpg).File);
        Assert.Single(Directory.GetFiles(Path.Combine(h.Output, "cats")));
    }

    [Fact]
    public async Task Gather_WhenSameBytesUnderSeveralUrls_StoresThemOnce()
    {
        await using var h = await GatherHarness.StartAsync();
        var bytes = GatherImages.Jpeg(1);
        string[] paths = ["a/cat.jpg", "b/cat.jpg", "c/copy.jpeg?size=large"];
        var urls = paths.Select(p => h.Web.Serve(p, FakeResponse.Image(bytes))).ToList();
        h.Web.SearchResults.AddRange(urls);
        h.Web.SearchResults.Add(urls[0]);

        var summary = await h.GatherBingAsync(options: h.Options(concurrency: 1));

        GatherHarness.AssertCounts(summary, found: 3, duplicates: 2, kept: 1);
        var name = GatherHarness.FileNameFor(bytes, ".jpg");
        Assert.Equal([name], Directory.GetFiles(Path.Combine(h.Output, "cats")).Select(Path.GetFileName));
        Assert.All(h.Manifest().Entries, e => Assert.Equal(name, e.File));
        Assert.Equal([GatherStatus.Kept, GatherStatus.Duplicate, GatherStatus.Duplicate], h.Manifest().Entries.Select(e => e.Status));
        Assert.Equal(1, h.Web.RequestCount(urls[0]));
    }

    [Fact]
    public async Task Gather_WithHostileLookingUrls_NamesFilesByContentInsideTheClassFolder()
    {
        await using var h = await GatherHarness.StartAsync();
        var images = Enumerable.Range(1, 4).Select(i => GatherImages.Jpeg(i)).ToList();
        var urls = new List<string>
        {
            h.Web.Serve("photos/../../../etc/passwd", FakeResponse.Image(images[0])),
            h.Web.Serve("photos/..%2F..%2Fescape.jpg", FakeResponse.Image(images[1])),
            h.Web.Serve("photos/img.php?file=../../x.jpg&name=%2Ftmp%2Fevil.png", FakeResponse.Image(images[2])),
            h.Web.Serve("photos/%2e%2e%2f%2e%2e%2fdots.jpg", FakeResponse.Image(images[3])),
        };
        h.Web.SearchResults.AddRange(urls);
        h.Web.SearchResults.Add("javascript:alert(1)");
        h.Web.SearchResults.Add("/relative/only.jpg");

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 6, failed: 2, kept: 4);
        Assert.Equal(
            ["cats.manifest.jsonl", .. images.Select(b => Path.Combine("cats", GatherHarness.FileNameFor(b, ".jpg"))).Order(StringComparer.Ordinal)],
            h.AllFiles());
        Assert.All(urls, u => Assert.Equal(1, h.Web.RequestCount(u)));
        Assert.Equal("not an http or https URL", h.Row("javascript:alert(1)").Reason);
        Assert.Equal("not an http or https URL", h.Row("/relative/only.jpg").Reason);
    }

    [Fact]
    public async Task Gather_WhenResponseExceedsSizeLimit_StopsReadingAndRecordsFailure()
    {
        await using var h = await GatherHarness.StartAsync();
        var declared = h.Web.Serve("img/declared.jpg", FakeResponse.Image(new byte[300_000]));
        var chunked = h.Web.Serve("img/chunked.jpg", FakeResponse.Image(new byte[300_000]) with { OmitLength = true });
        var endless = h.Web.Serve("img/endless.jpg", FakeResponse.EndlessStream());
        var small = GatherImages.Jpeg(1);
        var fits = h.Web.Serve("img/fits.jpg", FakeResponse.Image(small));
        h.Web.SearchResults.AddRange([declared, chunked, endless, fits]);

        var summary = await h.GatherBingAsync(options: h.Options(maxImageBytes: 100_000));

        GatherHarness.AssertCounts(summary, found: 4, failed: 3, kept: 1);
        Assert.All([declared, chunked, endless], u => Assert.Equal("larger than the 100000-byte limit", h.Row(u).Reason));
        Assert.Equal(1, h.Web.RequestCount(endless));
        Assert.Equal(small.Length, h.Row(fits).Bytes);
    }

    [Fact]
    public async Task Gather_WhenHostGzipsTheImage_DecodesItAndStoresTheImageBytes()
    {
        await using var h = await GatherHarness.StartAsync();
        var jpeg = GatherImages.Jpeg(1);
        var gzipped = h.Web.Serve("img/gzipped.jpg", Gzipped(jpeg));
        var bomb = h.Web.Serve("img/bomb.jpg", Gzipped(new byte[5_000_000]));
        h.Web.SearchResults.AddRange([gzipped, bomb]);

        var summary = await h.GatherBingAsync(options: h.Options(maxImageBytes: 1_000_000));

        GatherHarness.AssertCounts(summary, found: 2, failed: 1, kept: 1);
        var row = h.Row(gzipped);
        Assert.Equal((GatherHarness.FileNameFor(jpeg, ".jpg"), jpeg.Length), (row.File, row.Bytes));
        Assert.Equal(jpeg, await File.ReadAllBytesAsync(Path.Combine(h.Output, "cats", row.File!)));
        Assert.Equal("larger than the 1000000-byte limit", h.Row(bomb).Reason);
    }

    private static FakeResponse Gzipped(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return FakeResponse.Image(compressed.ToArray()) with { Headers = new Dictionary<string, string> { ["Content-Encoding"] = "gzip" } };
    }

    [Fact]
    public async Task Gather_WhenImageIsBelowMinimumSide_RecordsTooSmallWithItsSize()
    {
        await using var h = await GatherHarness.StartAsync();
        var tiny = h.Web.Serve("img/tiny.jpg", FakeResponse.Image(GatherImages.Jpeg(1, width: 64, height: 20)));
        var big = h.Web.Serve("img/big.jpg", FakeResponse.Image(GatherImages.Jpeg(2, width: 40, height: 32)));
        h.Web.SearchResults.AddRange([tiny, big]);

        var summary = await h.GatherBingAsync(options: h.Options(minSide: 32));

        GatherHarness.AssertCounts(summary, found: 2, tooSmall: 1, kept: 1);
        var row = h.Row(tiny);
        Assert.Equal((GatherStatus.TooSmall, 64, 20, "64x20 is below the 32-pixel minimum side"), (row.Status, row.Width, row.Height, row.Reason));
        Assert.Single(Directory.GetFiles(Path.Combine(h.Output, "cats")));
    }

    [Fact]
    public async Task Gather_WhenKeyRejected_ThrowsClearErrorWithoutRetryingOrWriting()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.Add(h.Web.Serve("img/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1))));

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => h.GatherAsync(
            http => new BingImageSearchClient(http, h.Web.BaseUri, "wrong-key-0000"), new ClassSpec("cats", "cats")));

        Assert.Equal("Bing rejected the key in AZURE_SEARCH_KEY (HTTP 401): Access denied due to invalid subscription key. Set AZURE_SEARCH_KEY to a valid subscription key.", error.Message);
        Assert.DoesNotContain("wrong-key-0000", error.Message, StringComparison.Ordinal);
        Assert.Single(h.Web.Requests);
        Assert.Empty(h.Retries);
        Assert.Empty(h.Manifest().Entries);
    }

    [Fact]
    public async Task Gather_WhenClassAlreadyHasItsImages_MakesNoRequests()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.AddRange(Enumerable.Range(1, 3).Select(i => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(GatherImages.Jpeg(i)))));
        var first = await h.GatherBingAsync(options: h.Options(imagesPerClass: 3));
        var requestsAfterFirst = h.Web.Requests.Count;

        var second = await h.GatherBingAsync(options: h.Options(imagesPerClass: 3));

        Assert.Equal(first, second);
        Assert.Equal(requestsAfterFirst, h.Web.Requests.Count);
    }
}
