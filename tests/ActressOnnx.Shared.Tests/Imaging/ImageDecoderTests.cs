using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private const int Size = 32;

    private static readonly PreprocessSettings SameSize = new(Size, Size, ResizeMethod.Squish);

    private readonly ImageDecoder decoder = new();

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Webp)]
    [InlineData(ImageFormat.Gif)]
    [InlineData(ImageFormat.Bmp)]
    public void Decode_WhenEachSupportedFormat_ReturnsQuadrantColours(ImageFormat format)
    {
        using var picture = TestImages.Quadrants(Size, Size);
        var bytes = TestImages.Encode(picture, format);

        var rgb = decoder.Decode(bytes, SameSize);

        Assert.Equal(Size * Size * 3, rgb.Length);
        AssertQuadrants(rgb, Size, Size);
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Webp)]
    [InlineData(ImageFormat.Gif)]
    [InlineData(ImageFormat.Bmp)]
    public void Identify_WhenEachSupportedFormat_ReturnsFormatAndSize(ImageFormat format)
    {
        using var picture = TestImages.Quadrants(40, 24);

        var info = decoder.Identify(TestImages.Encode(picture, format));

        Assert.Equal(new ImageInfo(format, 40, 24), info);
    }

    internal static void AssertQuadrants(ReadOnlySpan<byte> rgb, int width, int height)
    {
        AssertColour(TestImages.TopLeftColor, RgbPixels.At(rgb, width, 1, 1), "top-left");
        AssertColour(TestImages.TopRightColor, RgbPixels.At(rgb, width, width - 2, 1), "top-right");
        AssertColour(TestImages.BottomLeftColor, RgbPixels.At(rgb, width, 1, height - 2), "bottom-left");
        AssertColour(TestImages.BottomRightColor, RgbPixels.At(rgb, width, width - 2, height - 2), "bottom-right");
    }

    internal static void AssertColour(SKColor expected, SKColor actual, string where, int tolerance = 24)
    {
        var distance = RgbPixels.Distance(expected, actual);
        Assert.True(distance <= tolerance, $"{where}: expected {expected}, got {actual} (off by {distance}).");
    }
}
