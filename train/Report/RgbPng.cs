using System.Runtime.InteropServices;
using SkiaSharp;

namespace ActressOnnx.Train.Report;

/// <summary>Encodes packed RGB bytes (as the decoder produces them) as a PNG file.</summary>
internal static class RgbPng
{
    public static void Write(string path, ReadOnlySpan<byte> rgb, int width, int height)
    {
        var png = Encode(rgb, width, height);
        File.WriteAllBytes(path, png);
    }

    /// <summary>The PNG bytes of <paramref name="rgb"/> (<paramref name="width"/> x <paramref name="height"/> x 3).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (rgb.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"Expected {width}x{height}x3 bytes, got {rgb.Length}.", nameof(rgb));
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[width * height * 4];
        for (int source = 0, target = 0; source < rgb.Length; source += 3, target += 4)
        {
            rgba[target] = rgb[source];
            rgba[target + 1] = rgb[source + 1];
            rgba[target + 2] = rgb[source + 2];
            rgba[target + 3] = 255;
        }

        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
