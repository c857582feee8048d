using SkiaSharp;

namespace ActressOnnx.Testing.Onnx;

/// <summary>Images and decoded pixels that <see cref="TinyColorModel"/> classifies predictably.</summary>
public static class ColorImages
{
    /// <summary>Decoded HWC RGB pixels of one colour.</summary>
    public static byte[] Pixels(int width, int height, byte red, byte green, byte blue)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = red;
            pixels[i + 1] = green;
            pixels[i + 2] = blue;
        }

        return pixels;
    }

    /// <summary>
    /// A PNG mostly of one colour with a stripe of another, so it is "mostly" that colour rather than a flat fill.
    /// </summary>
    public static byte[] Png(int width, int height, SKColor main, SKColor? stripe = null)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(main);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = stripe ?? SKColors.White })
        {
            canvas.DrawRect(0, 0, width, Math.Max(1, height / 8), paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A mostly red PNG.</summary>
    public static byte[] RedPng(int size = 32) => Png(size, size, new SKColor(220, 30, 40));

    /// <summary>A mostly blue PNG.</summary>
    public static byte[] BluePng(int size = 32) => Png(size, size, new SKColor(20, 40, 230));
}
