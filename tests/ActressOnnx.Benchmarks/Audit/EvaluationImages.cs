extern alias train;
using SkiaSharp;
using FashionMnist = train::ActressOnnx.Train.Data.FashionMnist;
using IdxReader = train::ActressOnnx.Train.Data.IdxReader;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>Originals for the audit measurements: Fashion-MNIST items (28 px, grey) and Debian's wallpapers (photos and artwork).</summary>
internal static class EvaluationImages
{
    public static readonly string[] WallpaperFolders = ["/usr/share/backgrounds", "/usr/share/wallpapers"];

    /// <summary>The first <paramref name="perClass"/> training images of each class, as (class, bitmap).</summary>
    public static List<(int Label, SKBitmap Bitmap)> FashionMnistImages(int perClass, int skip = 0)
    {
        var (dims, pixels) = IdxReader.ReadBytes(Path.Combine(FashionMnist.DebianDirectory, "train-images-idx3-ubyte.gz"));
        var (_, labels) = IdxReader.ReadBytes(Path.Combine(FashionMnist.DebianDirectory, "train-labels-idx1-ubyte.gz"));
        var (height, width) = (dims[1], dims[2]);
        var seen = new int[FashionMnist.ClassNames.Count];
        var result = new List<(int, SKBitmap)>();
        for (var n = 0; n < labels.Length; n++)
        {
            int label = labels[n];
            if (seen[label]++ < skip || seen[label] > skip + perClass)
            {
                continue;
            }

            var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
            pixels.AsSpan(n * width * height, width * height).CopyTo(bitmap.GetPixelSpan());
            var rgba = bitmap.Copy(SKColorType.Rgba8888);
            bitmap.Dispose();
            result.Add((label, rgba));
        }

        return result;
    }

    /// <summary>
    /// One file per wallpaper (the largest of a set of sizes; GNOME's day versions only), scaled to at most
    /// <paramref name="maxSide"/> pixels, as (0 for GNOME, 1 for KDE Plasma, bitmap).
    /// </summary>
    public static List<(int Label, SKBitmap Bitmap)> Wallpapers(int maxSide)
    {
        var files = new List<(int, string)>();
        foreach (var (label, folder) in WallpaperFolders.Select((f, i) => (i, f)).Where(x => Directory.Exists(x.f)))
        {
            var candidates = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".jpg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".webp", StringComparison.Ordinal))
                .Where(f => !f.Contains("-d.", StringComparison.Ordinal) && !f.Contains("/dark/", StringComparison.Ordinal) && !f.Contains("screenshot", StringComparison.OrdinalIgnoreCase));
            // KDE: .../NAME/contents/images/WxH.ext, one wallpaper per NAME.
            foreach (var set in candidates.GroupBy(f => f.Contains("/contents/", StringComparison.Ordinal) ? f[..f.IndexOf("/contents/", StringComparison.Ordinal)] : f))
            {
                files.Add((label, set.OrderByDescending(f => new FileInfo(f).Length).First()));
            }
        }

        var result = new List<(int, SKBitmap)>();
        foreach (var (label, file) in files.OrderBy(f => f.Item2, StringComparer.Ordinal))
        {
            using var full = SKBitmap.Decode(file);
            if (full is null)
            {
                continue;
            }

            var scale = Math.Min(1.0, (double)maxSide / Math.Max(full.Width, full.Height));
            var rgba = Alteration.Resize(full, Math.Max(1, (int)(full.Width * scale)), Math.Max(1, (int)(full.Height * scale)));
            result.Add((label, rgba));
        }

        return result;
    }
}
