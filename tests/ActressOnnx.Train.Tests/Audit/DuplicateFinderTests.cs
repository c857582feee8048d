using ActressOnnx.Imaging;
using ActressOnnx.Train.Audit;
using ActressOnnx.Testing;

namespace ActressOnnx.Train.Tests.Audit;

public sealed class DuplicateFinderTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("audit-duplicates");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void Find_GroupsExactCopiesAndAlteredCopies_EachMemberOnce()
    {
        var data = Path.Combine(root.FullName, "data");
        var files = SyntheticDataset.Write(data, imagesPerClass: 10, size: 64);
        File.Copy(files[0], Path.Combine(data, "stripes", "copy-of-circle.png"));
        using (var original = SkiaSharp.SKBitmap.Decode(files[2]))
        using (var bigger = AuditTestImages.Resized(original, 128, 128))
        {
            File.WriteAllBytes(Path.Combine(data, "stripes", "bigger.jpg"), AuditTestImages.Jpeg(bigger, 85));
        }

        var input = AuditInput.Load(data, 64, new ImageDecoder(), CancellationToken.None);
        var findings = DuplicateFinder.Find(input.Images, DuplicateFinder.DefaultMaxDistance, features: null, CancellationToken.None);

        var exact = findings.Where(f => f.Issue == AuditIssue.ExactDuplicate).ToList();
        Assert.Equal(["circles/0000.png", "stripes/copy-of-circle.png"], exact.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(["exact-1"], exact.Select(f => f.Group).Distinct());
        Assert.All(exact, f => Assert.Equal(1.0, f.Score));
        var near = findings.Where(f => f.Issue == AuditIssue.NearDuplicate).ToList();
        Assert.Equal(["circles/0002.png", "stripes/bigger.jpg"], near.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Single(near.Select(f => f.Group).Distinct());
        Assert.All(near, f => Assert.InRange(f.Score, 1 - (DuplicateFinder.DefaultMaxDistance / 64.0), 1.0));
    }

    [Fact]
    public void Find_DoesNotPairBlankImagesOfDifferentColours()
    {
        var data = Path.Combine(root.FullName, "blank");
        SyntheticDataset.Write(data, imagesPerClass: 3, size: 32);
        for (var i = 0; i < 4; i++)
        {
            using var blank = AuditTestImages.Filled(32, 32, new SkiaSharp.SKColor((byte)(40 * i), 90, 200));
            File.WriteAllBytes(Path.Combine(data, "circles", $"blank-{i}.png"), AuditTestImages.Png(blank));
        }

        var input = AuditInput.Load(data, 32, new ImageDecoder(), CancellationToken.None);

        Assert.DoesNotContain(DuplicateFinder.Find(input.Images, DuplicateFinder.DefaultMaxDistance, null, CancellationToken.None), f => f.Path.Contains("blank", StringComparison.Ordinal));
    }
}
