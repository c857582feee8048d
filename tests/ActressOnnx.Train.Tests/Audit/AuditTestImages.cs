using ActressOnnx.Testing;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Audit;

/// <summary>Small images with known faults for the audit tests.</summary>
internal static class AuditTestImages
{
    public static byte[] Png(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Jpeg(SKBitmap bitmap, int quality)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public static SKBitmap Resized(SKBitmap source, int width, int height) =>
        source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));

    public static SKBitmap Filled(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(color);
        return bitmap;
    }

    /// <summary>The synthetic disc and stripe images, <paramref name="count"/> of each, seeded.</summary>
    public static List<SKBitmap> Synthetic(int count, int size, int seed)
    {
        var random = new Random(seed);
        var images = new List<SKBitmap>();
        for (var i = 0; i < count; i++)
        {
            images.Add(SyntheticDataset.DrawCircle(size, random));
            images.Add(SyntheticDataset.DrawStripes(size, random));
        }

        return images;
    }

    /// <summary>The packed RGB bytes of <paramref name="bitmap"/> squished to <paramref name="size"/> squared, as the audit decodes them.</summary>
    public static byte[] Decode(byte[] encoded, int size) =>
        new ActressOnnx.Imaging.ImageDecoder().Decode(encoded, new ActressOnnx.Imaging.PreprocessSettings(size, size, ActressOnnx.Imaging.ResizeMethod.Squish));
}
