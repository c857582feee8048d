using ActressOnnx.Imaging;
using SkiaSharp;

namespace ActressOnnx.Testing.Images;

/// <summary>Generates small images in every supported format, with EXIF orientation, alpha, frames or lying headers.</summary>
public static class TestImages
{
    /// <summary>Colour of the top-left quadrant of <see cref="Quadrants"/>.</summary>
    public static SKColor TopLeftColor { get; } = new(220, 30, 30);

    /// <summary>Colour of the top-right quadrant of <see cref="Quadrants"/>.</summary>
    public static SKColor TopRightColor { get; } = new(30, 200, 30);

    /// <summary>Colour of the bottom-left quadrant of <see cref="Quadrants"/>.</summary>
    public static SKColor BottomLeftColor { get; } = new(30, 30, 220);

    /// <summary>Colour of the bottom-right quadrant of <see cref="Quadrants"/>.</summary>
    public static SKColor BottomRightColor { get; } = new(240, 220, 40);

    /// <summary>An opaque picture split into four differently coloured quadrants, so any flip or turn shows.</summary>
    public static SKBitmap Quadrants(int width = 32, int height = 32)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var left = x < width / 2;
                var top = y < height / 2;
                bitmap.SetPixel(x, y, (left, top) switch
                {
                    (true, true) => TopLeftColor,
                    (false, true) => TopRightColor,
                    (true, false) => BottomLeftColor,
                    _ => BottomRightColor,
                });
            }
        }

        return bitmap;
    }

    /// <summary>A picture of one colour (alpha included, for transparency tests).</summary>
    public static SKBitmap Solid(int width, int height, SKColor color)
    {
        var alphaType = color.Alpha == 255 ? SKAlphaType.Opaque : SKAlphaType.Unpremul;
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, alphaType);
        bitmap.Erase(color);
        return bitmap;
    }

    /// <summary>
    /// A smooth photo-like picture (gradients and soft blobs): resamplers agree on it, so it is fit for comparing decode paths.
    /// </summary>
    public static SKBitmap SmoothPicture(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        using (var gradient = new SKPaint())
        {
            gradient.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(width, height), [new SKColor(250, 200, 60), new SKColor(40, 90, 200)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, gradient);
        }

        using var blob = new SKPaint { IsAntialias = true, Color = new SKColor(200, 40, 120) };
        blob.MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, Math.Min(width, height) / 20f);
        canvas.DrawCircle(width * 0.3f, height * 0.4f, Math.Min(width, height) * 0.2f, blob);
        blob.Color = new SKColor(20, 160, 90);
        canvas.DrawCircle(width * 0.72f, height * 0.65f, Math.Min(width, height) * 0.25f, blob);
        return bitmap;
    }

    /// <summary>Encodes <paramref name="bitmap"/> in <paramref name="format"/> (GIF and BMP by hand, since Skia only decodes them).</summary>
    public static byte[] Encode(SKBitmap bitmap, ImageFormat format, int quality = 95)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        return format switch
        {
            ImageFormat.Jpeg => EncodeWithSkia(bitmap, SKEncodedImageFormat.Jpeg, quality),
            ImageFormat.Png => EncodeWithSkia(bitmap, SKEncodedImageFormat.Png, 100),
            ImageFormat.Webp => EncodeWithSkia(bitmap, SKEncodedImageFormat.Webp, quality),
            ImageFormat.Gif => GifWriter.Write([bitmap]),
            ImageFormat.Bmp => BmpWriter.Write(bitmap),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No encoder for this format."),
        };
    }

    /// <summary>An animated GIF with one frame per bitmap (same size, at most 256 colours in all).</summary>
    public static byte[] AnimatedGif(params SKBitmap[] frames) => GifWriter.Write(frames);

    /// <summary>Returns <paramref name="jpeg"/> with an APP1 Exif segment holding Orientation <paramref name="orientation"/> (1-8).</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation) => ExifWriter.AddOrientation(jpeg, orientation);

    /// <summary>A camera-sized JPEG (default 3000 x 2000) of <see cref="SmoothPicture"/>.</summary>
    public static byte[] LargeJpeg(int width = 3000, int height = 2000, int quality = 90)
    {
        using var picture = SmoothPicture(width, height);
        return Encode(picture, ImageFormat.Jpeg, quality);
    }

    /// <summary>
    /// A decompression bomb: a valid PNG header declaring <paramref name="width"/> x <paramref name="height"/> pixels,
    /// followed by a little compressed data.
    /// </summary>
    public static byte[] PngDeclaringSize(int width, int height) => PngHeaderWriter.Write(width, height);

    private static byte[] EncodeWithSkia(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var data = bitmap.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {bitmap.ColorType} bitmap as {format}.");
        return data.ToArray();
    }
}
