using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Tests.Imaging;

public sealed class ImageDecoderResizeTests
{
    private static readonly SKColor Left = new(200, 20, 20);
    private static readonly SKColor Middle = new(20, 180, 20);
    private static readonly SKColor Right = new(20, 20, 200);
    private static readonly SKColor Background = new(0x10, 0x20, 0x30);

    private readonly ImageDecoder decoder = new(new ImageDecoderOptions { BackgroundRgb = 0x102030 });

    [Fact]
    public void Decode_WhenCropOnWideImage_KeepsOnlyTheCentre()
    {
        // 64x32 with bands at x 0-15, 16-47, 48-63: scaling to cover 32x32 keeps exactly the middle band.
        var rgb = decoder.Decode(WideBands(), new PreprocessSettings(32, 32, ResizeMethod.Crop));

        foreach (var (x, y) in new[] { (1, 1), (30, 1), (1, 30), (30, 30), (16, 16) })
        {
            ImageDecoderTests.AssertColour(Middle, RgbPixels.At(rgb, 32, x, y), $"({x},{y})", tolerance: 2);
        }
    }

    [Fact]
    public void Decode_WhenPadOnWideImage_LettersboxesWithBackground()
    {
        // Fits as 32x16 at rows 8-23; rows above and below are background.
        var rgb = decoder.Decode(WideBands(), new PreprocessSettings(32, 32, ResizeMethod.Pad));

        ImageDecoderTests.AssertColour(Background, RgbPixels.At(rgb, 32, 16, 2), "top border", tolerance: 0);
        ImageDecoderTests.AssertColour(Background, RgbPixels.At(rgb, 32, 16, 29), "bottom border", tolerance: 0);
        ImageDecoderTests.AssertColour(Left, RgbPixels.At(rgb, 32, 2, 16), "left band", tolerance: 2);
        ImageDecoderTests.AssertColour(Middle, RgbPixels.At(rgb, 32, 16, 10), "middle band", tolerance: 2);
        ImageDecoderTests.AssertColour(Right, RgbPixels.At(rgb, 32, 29, 21), "right band", tolerance: 2);
    }

    [Fact]
    public void Decode_WhenPadOnTallImage_PillarboxesWithBackground()
    {
        using var tall = TestImages.Solid(16, 32, Middle);
        var rgb = decoder.Decode(TestImages.Encode(tall, ImageFormat.Png), new PreprocessSettings(32, 32, ResizeMethod.Pad));

        ImageDecoderTests.AssertColour(Background, RgbPixels.At(rgb, 32, 3, 16), "left border", tolerance: 0);
        ImageDecoderTests.AssertColour(Background, RgbPixels.At(rgb, 32, 28, 16), "right border", tolerance: 0);
        ImageDecoderTests.AssertColour(Middle, RgbPixels.At(rgb, 32, 16, 1), "image top", tolerance: 2);
        ImageDecoderTests.AssertColour(Middle, RgbPixels.At(rgb, 32, 16, 30), "image bottom", tolerance: 2);
    }

    [Fact]
    public void Decode_WhenSquish_StretchesWholeImage()
    {
        // All three bands survive, squeezed to x 0-7, 8-23, 24-31, over the full height.
        var rgb = decoder.Decode(WideBands(), new PreprocessSettings(32, 32, ResizeMethod.Squish));

        foreach (var y in new[] { 1, 16, 30 })
        {
            ImageDecoderTests.AssertColour(Left, RgbPixels.At(rgb, 32, 2, y), $"left band row {y}", tolerance: 2);
            ImageDecoderTests.AssertColour(Middle, RgbPixels.At(rgb, 32, 16, y), $"middle band row {y}", tolerance: 2);
            ImageDecoderTests.AssertColour(Right, RgbPixels.At(rgb, 32, 29, y), $"right band row {y}", tolerance: 2);
        }
    }

    [Theory]
    [InlineData(ResizeMethod.Squish)]
    [InlineData(ResizeMethod.Crop)]
    [InlineData(ResizeMethod.Pad)]
    public void Decode_WhenNonSquareTarget_WritesTargetSizedQuadrants(ResizeMethod method)
    {
        using var picture = TestImages.Quadrants(48, 24);
        var settings = new PreprocessSettings(24, 12, method);

        var rgb = decoder.Decode(TestImages.Encode(picture, ImageFormat.Png), settings);

        Assert.Equal(24 * 12 * 3, rgb.Length);
        ImageDecoderTests.AssertQuadrants(rgb, 24, 12);
    }

    [Fact]
    public void Decode_WhenStrongDownscale_AveragesInsteadOfAliasing()
    {
        // One-pixel black/white stripes shrunk 16x must come out mid-grey, not a random pick of stripes.
        using var stripes = new SKBitmap(256, 256, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < 256; y++)
        {
            for (var x = 0; x < 256; x++)
            {
                stripes.SetPixel(x, y, x % 2 == 0 ? SKColors.Black : SKColors.White);
            }
        }

        var rgb = decoder.Decode(TestImages.Encode(stripes, ImageFormat.Png), new PreprocessSettings(16, 16, ResizeMethod.Squish));

        Assert.All(rgb, b => Assert.InRange(b, 100, 155));
    }

    private static byte[] WideBands()
    {
        using var bitmap = new SKBitmap(64, 32, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint();
            paint.Color = Left;
            canvas.DrawRect(0, 0, 16, 32, paint);
            paint.Color = Middle;
            canvas.DrawRect(16, 0, 32, 32, paint);
            paint.Color = Right;
            canvas.DrawRect(48, 0, 16, 32, paint);
        }

        return TestImages.Encode(bitmap, ImageFormat.Png);
    }
}
