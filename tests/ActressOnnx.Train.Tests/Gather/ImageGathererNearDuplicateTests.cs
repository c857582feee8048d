using ActressOnnx.Testing;
using ActressOnnx.Train.Gather;
using ActressOnnx.Train.Tests.Audit;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>Resized, re-encoded copies of an image already kept: recorded as near-duplicates, stored only when asked.</summary>
public sealed class ImageGathererNearDuplicateTests
{
    [Fact]
    public async Task Gather_WhenAResizedCopyFollowsTheOriginal_RecordsItAsNearDuplicateOfThatFile()
    {
        await using var h = await GatherHarness.StartAsync();
        var (original, copy, other) = Images();
        var originalUrl = h.Web.Serve("img/original.png", FakeResponse.Image(original));
        var copyUrl = h.Web.Serve("img/copy.jpg", FakeResponse.Image(copy));
        var otherUrl = h.Web.Serve("img/other.png", FakeResponse.Image(other));
        h.Web.SearchResults.AddRange([originalUrl, copyUrl, otherUrl]);

        var summary = await h.GatherBingAsync(options: h.Options(concurrency: 1));

        GatherHarness.AssertCounts(summary, found: 3, duplicates: 1, kept: 2);
        var row = h.Row(copyUrl);
        Assert.Equal(GatherStatus.NearDuplicate, row.Status);
        Assert.Equal(GatherHarness.FileNameFor(original, ".png"), row.File);
        Assert.StartsWith($"looks like {row.File} (perceptual hashes ", row.Reason, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(h.Output, "cats")).Length);
        Assert.Contains("\"status\":\"near-duplicate\"", await File.ReadAllTextAsync(Path.Combine(h.Output, "cats.manifest.jsonl")), StringComparison.Ordinal);
        Assert.Equal(16, h.Row(originalUrl).PerceptualHash!.Length);
    }

    [Fact]
    public async Task Gather_WithKeepNearDuplicates_StoresTheCopyToo()
    {
        await using var h = await GatherHarness.StartAsync();
        var (original, copy, _) = Images();
        h.Web.SearchResults.AddRange([h.Web.Serve("img/original.png", FakeResponse.Image(original)), h.Web.Serve("img/copy.jpg", FakeResponse.Image(copy))]);

        var summary = await h.GatherBingAsync(options: h.Options(concurrency: 1, keepNearDuplicates: true));

        GatherHarness.AssertCounts(summary, found: 2, kept: 2);
    }

    private static (byte[] Original, byte[] Copy, byte[] Other) Images()
    {
        var random = new Random(11);
        using var circle = SyntheticDataset.DrawCircle(96, random);
        using var bigger = AuditTestImages.Resized(circle, 160, 160);
        using var stripes = SyntheticDataset.DrawStripes(96, random);
        return (AuditTestImages.Png(circle), AuditTestImages.Jpeg(bigger, 85), AuditTestImages.Png(stripes));
    }
}
