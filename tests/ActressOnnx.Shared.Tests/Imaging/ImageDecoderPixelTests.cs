using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Tests.Imaging;

public sealed class ImageDecoderPixelTests
{
    private static readonly PreprocessSettings Target = new(16, 16, ResizeMethod.Squish);

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    public void Decode_WhenGrayscale_ExpandsToEqualChannels(ImageFormat format)
    {
        using var gray = new SKBitmap(16, 16, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                gray.SetPixel(x, y, x < 8 ? new SKColor(40, 40, 40) : new SKColor(210, 210, 210));
            }
        }

        var rgb = new ImageDecoder().Decode(TestImages.Encode(gray, format), Target);

        for (var i = 0; i < rgb.Length; i += 3)
        {
            Assert.Equal(rgb[i], rgb[i + 1]);
            Assert.Equal(rgb[i], rgb[i + 2]);
        }

        Assert.InRange(RgbPixels.At(rgb, 16, 2, 8).Red, 30, 50);
        Assert.InRange(RgbPixels.At(rgb, 16, 13, 8).Red, 200, 220);
    }

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Webp)]
    public void Decode_WhenFullyTransparent_ReturnsBackground(ImageFormat format)
    {
        using var clear = TestImages.Solid(16, 16, new SKColor(255, 0, 0, 0));
        var decoder = new ImageDecoder(new ImageDecoderOptions { BackgroundRgb = 0x3366CC });

        var rgb = decoder.Decode(TestImages.Encode(clear, format, quality: 100), Target);

        ImageDecoderTests.AssertColour(new SKColor(0x33, 0x66, 0xCC), RgbPixels.At(rgb, 16, 8, 8), "centre", tolerance: 0);
    }

    [Fact]
    public void Decode_WhenHalfTransparent_CompositesOntoBackground()
    {
        using var half = TestImages.Solid(16, 16, new SKColor(255, 0, 0, 128));
        var png = TestImages.Encode(half, ImageFormat.Png);
        var onBlack = new ImageDecoder(new ImageDecoderOptions { BackgroundRgb = 0x000000 }).Decode(png, Target);
        var onWhite = new ImageDecoder().Decode(png, Target);

        // 50% red over black is (128, 0, 0); over white it is (255, 127, 127).
        ImageDecoderTests.AssertColour(new SKColor(128, 0, 0), RgbPixels.At(onBlack, 16, 8, 8), "over black", tolerance: 2);
        ImageDecoderTests.AssertColour(new SKColor(255, 127, 127), RgbPixels.At(onWhite, 16, 8, 8), "over white", tolerance: 2);
    }

    [Fact]
    public void Decode_WhenAnimatedGif_ReturnsFirstFrame()
    {
        using var first = TestImages.Quadrants(16, 16);
        using var second = TestImages.Solid(16, 16, new SKColor(10, 10, 10));
        var gif = TestImages.AnimatedGif(first, second);

        var rgb = new ImageDecoder().Decode(gif, Target);

        ImageDecoderTests.AssertQuadrants(rgb, 16, 16);
    }

    [Fact]
    public void Decode_WhenRunConcurrently_GivesIdenticalPixels()
    {
        using var picture = TestImages.SmoothPicture(300, 200);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);
        var decoder = new ImageDecoder();
        var settings = new PreprocessSettings(64, 64, ResizeMethod.Crop);
        var expected = decoder.Decode(jpeg, settings);

        var results = new byte[32][];
        Parallel.For(0, results.Length, i => results[i] = decoder.Decode(jpeg, settings));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
