using ActressOnnx.Imaging;
using SkiaSharp;

namespace ActressOnnx.Testing.Images;

/// <summary>
/// Photo-like JPEGs: a soft landscape (sky, hills, a sun) in one dominant colour, which the tiny colour model
/// classifies as that colour, at any size (a phone photo is 4032x3024), with grain like a camera's.
/// </summary>
public static class LandscapePhotos
{
    /// <summary>A red the tiny colour model calls "red".</summary>
    public static SKColor Red { get; } = new(200, 45, 40);

    /// <summary>A blue the tiny colour model calls "blue".</summary>
    public static SKColor Blue { get; } = new(40, 80, 200);

    /// <summary>
    /// A JPEG of <paramref name="width"/> x <paramref name="height"/> mostly in <paramref name="tint"/>, with sensor-like
    /// grain unless <paramref name="grain"/> is false (screenshots stay small without it).
    /// </summary>
    public static byte[] Jpeg(int width, int height, SKColor tint, int quality = 90, bool grain = true)
    {
        using var bitmap = Landscape(width, height, tint, grain);
        return TestImages.Encode(bitmap, ImageFormat.Jpeg, quality);
    }

    /// <summary>Bytes that start like a JPEG (SOI and a JFIF segment) and go on as noise: no decoder can read them.</summary>
    public static byte[] CorruptJpeg(int length = 4096)
    {
        var bytes = new byte[length];
        new Random(12).NextBytes(bytes);
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x02];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    private static SKBitmap Landscape(int width, int height, SKColor tint, bool grain)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        using (var sky = new SKPaint())
        {
            sky.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(0, height), [Mix(tint, SKColors.White, 0.45f), tint], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, sky);
        }

        var unit = Math.Min(width, height);
        using var paint = new SKPaint { IsAntialias = true };
        paint.MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, unit / 60f);
        paint.Color = Mix(tint, SKColors.White, 0.75f);
        canvas.DrawCircle(width * 0.75f, height * 0.28f, unit * 0.12f, paint);

        paint.Color = Mix(tint, SKColors.Black, 0.35f);
        using (var hills = new SKPath())
        {
            hills.MoveTo(0, height * 0.7f);
            hills.CubicTo(width * 0.25f, height * 0.5f, width * 0.45f, height * 0.85f, width * 0.7f, height * 0.62f);
            hills.CubicTo(width * 0.85f, height * 0.5f, width * 0.95f, height * 0.6f, width, height * 0.58f);
            hills.LineTo(width, height);
            hills.LineTo(0, height);
            hills.Close();
            canvas.DrawPath(hills, paint);
        }

        paint.Color = Mix(tint, SKColors.Black, 0.55f);
        canvas.DrawOval(width * 0.3f, height * 0.92f, width * 0.35f, height * 0.1f, paint);
        canvas.Flush();
        if (grain)
        {
            AddGrain(bitmap);
        }

        return bitmap;
    }

    // Sensor noise, as in a real photo: without it a JPEG of smooth shapes is far smaller than a camera's.
    private static void AddGrain(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        var random = new Random(7);
        Span<byte> noise = stackalloc byte[4096];
        for (var start = 0; start < pixels.Length; start += noise.Length)
        {
            random.NextBytes(noise);
            var end = Math.Min(pixels.Length, start + noise.Length);
            for (var i = start; i < end; i++)
            {
                if ((i & 3) != 3)
                {
                    pixels[i] = (byte)Math.Clamp(pixels[i] + ((noise[i - start] & 31) - 16), 0, 255);
                }
            }
        }
    }

    private static SKColor Mix(SKColor a, SKColor b, float t) => new(
        (byte)(a.Red + ((b.Red - a.Red) * t)),
        (byte)(a.Green + ((b.Green - a.Green) * t)),
        (byte)(a.Blue + ((b.Blue - a.Blue) * t)));
}
