using ActressOnnx.Imaging;
using SkiaSharp;

namespace ActressOnnx.Testing;

/// <summary>
/// Writes a tiny, easily separable two-class image dataset in the folder-per-class layout: "circles" (a bright filled
/// disc on a dark background, random position, size and colours) and "stripes" (bands of random period, direction and
/// colours). The same seed always gives the same files.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>The class folder holding disc images.</summary>
    public const string CirclesLabel = "circles";

    /// <summary>The class folder holding stripe images.</summary>
    public const string StripesLabel = "stripes";

    /// <summary>Both class names, in ordinal (label index) order.</summary>
    public static IReadOnlyList<string> Labels { get; } = [CirclesLabel, StripesLabel];

    /// <summary>
    /// Writes <paramref name="imagesPerClass"/> images of <paramref name="size"/> x <paramref name="size"/> pixels into
    /// <c>root/circles</c> and <c>root/stripes</c>, named <c>0000.png</c>, <c>0001.png</c>... (or .jpg, .webp).
    /// </summary>
    /// <returns>The files written, circles first.</returns>
    public static IReadOnlyList<string> Write(string root, int imagesPerClass, int size = 32, ImageFormat format = ImageFormat.Png, int seed = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentOutOfRangeException.ThrowIfNegative(imagesPerClass);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var (encoding, extension) = format switch
        {
            ImageFormat.Png => (SKEncodedImageFormat.Png, ".png"),
            ImageFormat.Jpeg => (SKEncodedImageFormat.Jpeg, ".jpg"),
            ImageFormat.Webp => (SKEncodedImageFormat.Webp, ".webp"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Synthetic images are written as PNG, JPEG or WebP."),
        };

        var random = new Random(seed);
        var files = new List<string>(2 * imagesPerClass);
        foreach (var label in Labels)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, label)).FullName;
            for (var i = 0; i < imagesPerClass; i++)
            {
                using var bitmap = label == CirclesLabel ? DrawCircle(size, random) : DrawStripes(size, random);
                using var data = bitmap.Encode(encoding, quality: 90);
                var path = Path.Combine(folder, i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + extension);
                File.WriteAllBytes(path, data.ToArray());
                files.Add(path);
            }
        }

        return files;
    }

    /// <summary>A bright filled disc on a dark background.</summary>
    public static SKBitmap DrawCircle(int size, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(RandomColor(random, 0, 60));
        var radius = size * (0.2f + (0.15f * random.NextSingle()));
        var centreX = radius + ((size - (2 * radius)) * random.NextSingle());
        var centreY = radius + ((size - (2 * radius)) * random.NextSingle());
        using var paint = new SKPaint { Color = RandomColor(random, 170, 256), IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawCircle(centreX, centreY, radius, paint);
        return bitmap;
    }

    /// <summary>Alternating bands of a random colour and a contrasting one, horizontal or vertical, of random period.</summary>
    public static SKBitmap DrawStripes(int size, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        var background = RandomColor(random, 0, 256);
        canvas.Clear(background);
        var period = Math.Max(4, size / random.Next(3, 7));
        var offset = random.Next(period);
        var vertical = random.Next(2) == 0;
        using var paint = new SKPaint { Color = Contrasting(background), Style = SKPaintStyle.Fill };
        for (var start = offset - period; start < size; start += period)
        {
            var band = vertical
                ? SKRect.Create(start, 0, period / 2f, size)
                : SKRect.Create(0, start, size, period / 2f);
            canvas.DrawRect(band, paint);
        }

        return bitmap;
    }

    private static SKColor Contrasting(SKColor color) =>
        new((byte)(color.Red + 128), (byte)(color.Green + 128), (byte)(color.Blue + 128));

    private static SKColor RandomColor(Random random, int min, int maxExclusive) =>
        new((byte)random.Next(min, maxExclusive), (byte)random.Next(min, maxExclusive), (byte)random.Next(min, maxExclusive));
}
