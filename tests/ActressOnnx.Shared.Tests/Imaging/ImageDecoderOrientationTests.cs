using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Tests.Imaging;

public sealed class ImageDecoderOrientationTests
{
    private const int StoredWidth = 40;
    private const int StoredHeight = 24;

    private static readonly SKColor TL = TestImages.TopLeftColor;
    private static readonly SKColor TR = TestImages.TopRightColor;
    private static readonly SKColor BL = TestImages.BottomLeftColor;
    private static readonly SKColor BR = TestImages.BottomRightColor;

    private readonly ImageDecoder decoder = new();

    public static TheoryData<int, SKColor[]> DisplayedCorners => new()
    {
        // Displayed top-left, top-right, bottom-left, bottom-right, in terms of the stored quadrants.
        { 1, [TL, TR, BL, BR] },
        { 2, [TR, TL, BR, BL] }, // mirrored horizontally
        { 3, [BR, BL, TR, TL] }, // turned 180
        { 4, [BL, BR, TL, TR] }, // mirrored vertically
        { 5, [TL, BL, TR, BR] }, // transposed
        { 6, [BL, TL, BR, TR] }, // turned 90 clockwise
        { 7, [BR, TR, BL, TL] }, // transversed
        { 8, [TR, BR, TL, BL] }, // turned 90 counter-clockwise
    };

    [Theory]
    [MemberData(nameof(DisplayedCorners))]
    public void Decode_WhenExifRotated_ReturnsUprightPixels(int orientation, SKColor[] corners)
    {
        var jpeg = RotatedJpeg(orientation);
        var info = decoder.Identify(jpeg);

        var rgb = decoder.Decode(jpeg, new PreprocessSettings(info.Width, info.Height, ResizeMethod.Squish));

        var (w, h) = (info.Width, info.Height);
        ImageDecoderTests.AssertColour(corners[0], RgbPixels.At(rgb, w, 1, 1), $"orientation {orientation} top-left");
        ImageDecoderTests.AssertColour(corners[1], RgbPixels.At(rgb, w, w - 2, 1), $"orientation {orientation} top-right");
        ImageDecoderTests.AssertColour(corners[2], RgbPixels.At(rgb, w, 1, h - 2), $"orientation {orientation} bottom-left");
        ImageDecoderTests.AssertColour(corners[3], RgbPixels.At(rgb, w, w - 2, h - 2), $"orientation {orientation} bottom-right");
    }

    [Theory]
    [InlineData(1, StoredWidth, StoredHeight)]
    [InlineData(3, StoredWidth, StoredHeight)]
    [InlineData(5, StoredHeight, StoredWidth)]
    [InlineData(6, StoredHeight, StoredWidth)]
    [InlineData(7, StoredHeight, StoredWidth)]
    [InlineData(8, StoredHeight, StoredWidth)]
    public void Identify_WhenExifRotated_ReturnsDisplayedSize(int orientation, int width, int height)
    {
        var info = decoder.Identify(RotatedJpeg(orientation));

        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, width, height), info);
    }

    private static byte[] RotatedJpeg(int orientation)
    {
        using var picture = TestImages.Quadrants(StoredWidth, StoredHeight);
        return TestImages.WithExifOrientation(TestImages.Encode(picture, ImageFormat.Jpeg), orientation);
    }
}
