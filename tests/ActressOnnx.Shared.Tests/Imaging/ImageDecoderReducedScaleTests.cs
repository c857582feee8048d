using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Tests.Imaging;

public sealed class ImageDecoderReducedScaleTests
{
    [Theory]
    [InlineData(ResizeMethod.Crop)]
    [InlineData(ResizeMethod.Pad)]
    [InlineData(ResizeMethod.Squish)]
    public void Decode_WhenLargeJpegReducedScale_MatchesFullScaleDecode(ResizeMethod method)
    {
        // 1200x800 to 64x64 allows a 1/8 decode (150x100) for every method.
        var jpeg = TestImages.LargeJpeg(1200, 800);
        var settings = new PreprocessSettings(64, 64, method);

        var reduced = new ImageDecoder().Decode(jpeg, settings);
        var full = new ImageDecoder(new ImageDecoderOptions { ReducedScaleJpeg = false }).Decode(jpeg, settings);

        Assert.InRange(RgbPixels.MeanAbsoluteDifference(reduced, full), 0, 2);
        Assert.NotEqual(reduced, full); // the reduced path really ran
    }

    [Theory]
    [InlineData(1600, 1200, 224, 224, ResizeMethod.Crop, 400, 300)] // needs 224 rows of 1200: 1/8 leaves only 150, 1/4 leaves 300
    [InlineData(1600, 1200, 224, 224, ResizeMethod.Pad, 400, 300)] // needs 224 columns of 1600: 1/8 leaves 200, 1/4 leaves 400
    [InlineData(1600, 1200, 100, 100, ResizeMethod.Crop, 200, 150)]
    [InlineData(1600, 1200, 200, 50, ResizeMethod.Squish, 200, 150)]
    [InlineData(1600, 1200, 201, 50, ResizeMethod.Squish, 400, 300)]
    [InlineData(1600, 1200, 700, 500, ResizeMethod.Crop, 800, 600)]
    [InlineData(1600, 1200, 900, 600, ResizeMethod.Crop, 1600, 1200)] // more than half the size: no reduction helps
    public void ChooseDecodeSize_PicksStrongestReductionKeepingEnoughPixels(
        int width, int height, int targetWidth, int targetHeight, ResizeMethod method, int expectedWidth, int expectedHeight)
    {
        using var picture = TestImages.Solid(width, height, SKColors.Teal);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);

        var size = new ImageDecoder().ChooseDecodeSize(jpeg, new PreprocessSettings(targetWidth, targetHeight, method));

        Assert.Equal(new SKSizeI(expectedWidth, expectedHeight), size);
    }

    [Fact]
    public void ChooseDecodeSize_WhenRotatedJpeg_ComparesDisplayedAxes()
    {
        // Stored 1600x800, displayed 800x1600 (orientation 6). Crop to 200x100 needs 200 displayed columns = 200 stored rows:
        // 1/4 leaves exactly 200, 1/8 only 100. Ignoring the turn would wrongly allow 1/8.
        using var picture = TestImages.Solid(1600, 800, SKColors.Teal);
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(picture, ImageFormat.Jpeg), 6);

        var size = new ImageDecoder().ChooseDecodeSize(jpeg, new PreprocessSettings(200, 100, ResizeMethod.Crop));

        Assert.Equal(new SKSizeI(400, 200), size);
    }

    [Fact]
    public void ChooseDecodeSize_WhenPng_KeepsFullSize()
    {
        using var picture = TestImages.Solid(800, 800, SKColors.Teal);

        var size = new ImageDecoder().ChooseDecodeSize(TestImages.Encode(picture, ImageFormat.Png), new PreprocessSettings(32, 32, ResizeMethod.Crop));

        Assert.Equal(new SKSizeI(800, 800), size);
    }
}
