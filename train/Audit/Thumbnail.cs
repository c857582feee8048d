using System.Runtime.InteropServices;
using SkiaSharp;

namespace ActressOnnx.Train.Audit;

/// <summary>A decoded image as a <c>data:</c> URI (PNG), so the report needs no files beside it.</summary>
internal static class Thumbnail
{
    public static string DataUri(ReadOnlySpan<byte> rgb, int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[size * size * 4];
        for (int source = 0, target = 0; source < rgb.Length; source += 3, target += 4)
        {
            rgba[target] = rgb[source];
            rgba[target + 1] = rgb[source + 1];
            rgba[target + 2] = rgb[source + 2];
            rgba[target + 3] = 255;
        }

        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(data.AsSpan());
    }
}
