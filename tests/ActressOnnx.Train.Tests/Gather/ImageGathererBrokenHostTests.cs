using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>Hosts that break the connection: each is that URL's failure, retried, and the run goes on.</summary>
public sealed class ImageGathererBrokenHostTests
{
    [Fact]
    public async Task Gather_WhenHostsBreakTheConnection_RecordsEachAsFailedWithItsReasonAndKeepsTheGoodOnes()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Http.RequestTimeout = TimeSpan.FromSeconds(1);
        var jpeg = GatherImages.Jpeg(9, width: 160, height: 120);
        await using var broken = BrokenImageHost.Start(jpeg);
        var first = h.Web.Serve("img/first.jpg", FakeResponse.Image(GatherImages.Jpeg(1)));
        var last = h.Web.Serve("img/last.jpg", FakeResponse.Image(GatherImages.Jpeg(2)));
        string[] faults = [BrokenImageHost.ResetMidBody, BrokenImageHost.ResetBeforeHeaders, BrokenImageHost.EarlyClose, BrokenImageHost.BadChunk, BrokenImageHost.Stall];
        h.Web.SearchResults.AddRange([first, .. faults.Select(broken.Url), broken.TlsUrl, last]);

        var summary = await h.GatherBingAsync(options: h.Options(concurrency: 2));

        GatherHarness.AssertCounts(summary, found: 8, failed: 6, kept: 2);
        Assert.Equal([GatherStatus.Kept, GatherStatus.Kept], new[] { first, last }.Select(u => h.Row(u).Status));
        var attempts = 1 + h.Http.MaxRetries;
        Assert.All(faults, f => Assert.Equal(attempts, broken.RequestCount(f)));
        Assert.Equal(attempts, broken.TlsAttempts);
        Assert.All(faults.Select(broken.Url).Append(broken.TlsUrl), u => Assert.Equal((GatherStatus.Failed, null), (h.Row(u).Status, h.Row(u).File)));

        var part = jpeg.Length / 3;
        string Reason(string fault) => h.Row(broken.Url(fault)).Reason!;
        Assert.Equal($"connection closed before the body was complete after {part} of {jpeg.Length} bytes", Reason(BrokenImageHost.EarlyClose));
        Assert.StartsWith("malformed body (", Reason(BrokenImageHost.BadChunk), StringComparison.Ordinal);
        Assert.Equal($"timed out reading the image: {part} of {jpeg.Length} bytes in 1 s", Reason(BrokenImageHost.Stall));
        Assert.Contains("reset", Reason(BrokenImageHost.ResetMidBody), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("connection failed: ", Reason(BrokenImageHost.ResetBeforeHeaders), StringComparison.Ordinal);
        Assert.StartsWith("connection failed: The SSL connection could not be established", h.Row(broken.TlsUrl).Reason, StringComparison.Ordinal);

        // Broken bodies are retried with the same notices as other transient errors.
        Assert.Equal(h.Http.MaxRetries, h.Retries.Count(r => r.Url == broken.Url(BrokenImageHost.EarlyClose)));
        Assert.All(h.Retries.Where(r => r.Url == broken.Url(BrokenImageHost.EarlyClose)), r => Assert.Equal(Reason(BrokenImageHost.EarlyClose), r.Reason));
    }

    [Fact]
    public async Task Gather_WhenBodyBreaksOnceThenArrives_KeepsTheImage()
    {
        await using var h = await GatherHarness.StartAsync();
        var bytes = GatherImages.Jpeg(3, width: 160, height: 120);
        await using var broken = BrokenImageHost.Start(bytes);
        var url = broken.Url(BrokenImageHost.EarlyCloseOnce);
        h.Web.SearchResults.Add(url);

        var summary = await h.GatherBingAsync();

        GatherHarness.AssertCounts(summary, found: 1, kept: 1);
        Assert.Equal(2, broken.RequestCount(BrokenImageHost.EarlyCloseOnce));
        Assert.Equal(GatherHarness.FileNameFor(bytes, ".jpg"), h.Row(url).File);
        var retry = Assert.Single(h.Retries);
        Assert.Equal((url, 0), (retry.Url, retry.Attempt));
        Assert.Equal($"connection closed before the body was complete after {bytes.Length / 3} of {bytes.Length} bytes", retry.Reason);
    }

    [Fact]
    public async Task Gather_WhenTheManifestCannotBeWritten_ThrowsNamingThePath()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.Add(h.Web.Serve("img/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1))));
        var manifest = ClassManifest.PathFor(h.Output, "cats");
        Directory.CreateDirectory(manifest);

        var error = await Assert.ThrowsAsync<GatherStorageException>(() => h.GatherBingAsync());

        Assert.Equal(manifest, error.Path);
        Assert.StartsWith($"Could not write '{manifest}': ", error.Message, StringComparison.Ordinal);
    }
}
