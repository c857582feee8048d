using ActressOnnx.Imaging;
using ActressOnnx.Train.Audit;
using ActressOnnx.Testing;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Audit;

public sealed class QualityCheckerTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("audit-quality");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void Check_FlagsTheBlankDarkTinyAndStretchedImages_AndNothingElse()
    {
        var data = Path.Combine(root.FullName, "data");
        SyntheticDataset.Write(data, imagesPerClass: 20, size: 64);
        var random = new Random(9);
        Write(data, "circles/blank.png", AuditTestImages.Filled(64, 64, new SKColor(120, 130, 140)));
        Write(data, "circles/dark.png", Darken(SyntheticDataset.DrawCircle(64, random), 0.08f));
        Write(data, "stripes/tiny.png", SyntheticDataset.DrawStripes(16, random));
        Write(data, "stripes/wide.png", AuditTestImages.Resized(SyntheticDataset.DrawStripes(64, random), 256, 64));

        var findings = QualityChecker.Check(AuditInput.Load(data, 64, new ImageDecoder(), CancellationToken.None).Images);

        Assert.Contains(findings, f => f is { Path: "circles/blank.png", Issue: AuditIssue.LowInformation });
        Assert.Contains(findings, f => f is { Path: "circles/dark.png", Issue: AuditIssue.Dark });
        Assert.Contains(findings, f => f is { Path: "stripes/tiny.png", Issue: AuditIssue.OddSize });
        Assert.Contains(findings, f => f is { Path: "stripes/wide.png", Issue: AuditIssue.OddAspectRatio });
        Assert.All(findings, f => Assert.Contains(f.Path, (string[])["circles/blank.png", "circles/dark.png", "stripes/tiny.png", "stripes/wide.png"]));
        Assert.All(findings, f => Assert.InRange(f.Score, 0.5, 1.0));
    }

    [Fact]
    public void Check_WhenEveryImageIsDark_FlagsNoneAsDark()
    {
        var data = Path.Combine(root.FullName, "night");
        var random = new Random(4);
        for (var i = 0; i < 20; i++)
        {
            Write(data, $"circles/{i}.png", Darken(SyntheticDataset.DrawCircle(48, random), 0.3f));
            Write(data, $"stripes/{i}.png", Darken(SyntheticDataset.DrawStripes(48, random), 0.3f));
        }

        var findings = QualityChecker.Check(AuditInput.Load(data, 64, new ImageDecoder(), CancellationToken.None).Images);

        Assert.DoesNotContain(findings, f => f.Issue == AuditIssue.Dark);
    }

    private static void Write(string data, string relative, SKBitmap bitmap)
    {
        var path = Path.Combine(data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, AuditTestImages.Png(bitmap));
        bitmap.Dispose();
    }

    private static SKBitmap Darken(SKBitmap source, float factor)
    {
        var result = new SKBitmap(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(result))
        using (var paint = new SKPaint { ColorFilter = SKColorFilter.CreateColorMatrix([factor, 0, 0, 0, 0, 0, factor, 0, 0, 0, 0, 0, factor, 0, 0, 0, 0, 0, 1, 0]) })
        {
            canvas.DrawBitmap(source, 0, 0, paint);
        }

        source.Dispose();
        return result;
    }
}
