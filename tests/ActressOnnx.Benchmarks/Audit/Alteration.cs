using SkiaSharp;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>The altered copies a web search returns of one photo, made on purpose to measure near-duplicate search.</summary>
internal static class Alteration
{
    public static IReadOnlyList<string> Names { get; } =
        ["resize-2x", "resize-0.5x", "jpeg-60", "jpeg-75", "jpeg-90", "shift-2px", "crop-4pct", "brighter-15", "darker-15", "caption-strip"];

    /// <summary>The altered copy <paramref name="name"/> of <paramref name="source"/>, encoded (JPEG 90 unless the alteration says otherwise).</summary>
    public static byte[] Apply(SKBitmap source, string name) => name switch
    {
        "resize-2x" => Encode(Resize(source, source.Width * 2, source.Height * 2), 90),
        "resize-0.5x" => Encode(Resize(source, Math.Max(8, source.Width / 2), Math.Max(8, source.Height / 2)), 90),
        "jpeg-60" => Encode(source, 60),
        "jpeg-75" => Encode(source, 75),
        "jpeg-90" => Encode(source, 90),
        "shift-2px" => Encode(Crop(source, new SKRectI(2, 2, source.Width, source.Height)), 90),
        "crop-4pct" => Encode(Crop(source, Inset(source, 0.04)), 90),
        "brighter-15" => Encode(Scale(source, 1.15f), 90),
        "darker-15" => Encode(Scale(source, 0.85f), 90),
        "caption-strip" => Encode(Caption(source), 90),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown alteration."),
    };

    public static byte[] Encode(SKBitmap bitmap, int quality)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public static SKBitmap Resize(SKBitmap source, int width, int height) =>
        source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));

    private static SKRectI Inset(SKBitmap source, double fraction)
    {
        var dx = Math.Max(1, (int)Math.Round(source.Width * fraction));
        var dy = Math.Max(1, (int)Math.Round(source.Height * fraction));
        return new SKRectI(dx, dy, source.Width - dx, source.Height - dy);
    }

    private static SKBitmap Crop(SKBitmap source, SKRectI rect)
    {
        var result = new SKBitmap(rect.Width, rect.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(result);
        canvas.DrawBitmap(source, rect, new SKRect(0, 0, rect.Width, rect.Height));
        return result;
    }

    private static SKBitmap Scale(SKBitmap source, float factor)
    {
        var result = new SKBitmap(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(result);
        using var paint = new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix(
            [
                factor, 0, 0, 0, 0,
                0, factor, 0, 0, 0,
                0, 0, factor, 0, 0,
                0, 0, 0, 1, 0,
            ]),
        };
        canvas.DrawBitmap(source, 0, 0, paint);
        return result;
    }

    /// <summary>A black strip 12% of the height added below the photo, with white text in it.</summary>
    private static SKBitmap Caption(SKBitmap source)
    {
        var strip = Math.Max(4, source.Height * 12 / 100);
        var result = new SKBitmap(source.Width, source.Height + strip, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Black);
        canvas.DrawBitmap(source, 0, 0);
        using var font = new SKFont(SKTypeface.Default, strip * 0.7f);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText("Photo: example.com/gallery 2024", strip * 0.3f, source.Height + (strip * 0.78f), font, paint);
        return result;
    }
}
