using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>Small real images for gather tests: each seed gives different bytes.</summary>
internal static class GatherImages
{
    public static byte[] Jpeg(int seed, int width = 48, int height = 40) => Solid(seed, width, height, ImageFormat.Jpeg);

    public static byte[] Png(int seed, int width = 48, int height = 40) => Solid(seed, width, height, ImageFormat.Png);

    /// <summary>The first half of a detailed JPEG: a valid header, then the data stops.</summary>
    public static byte[] TruncatedJpeg()
    {
        using var picture = TestImages.SmoothPicture(96, 96);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);
        return jpeg[..(jpeg.Length / 2)];
    }

    private static byte[] Solid(int seed, int width, int height, ImageFormat format)
    {
        var color = new SKColor((byte)(37 * seed), (byte)(91 * seed + 50), (byte)(173 * seed + 100));
        using var bitmap = TestImages.Solid(width, height, color);
        return TestImages.Encode(bitmap, format);
    }
}
