using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using SkiaSharp;

namespace ActressOnnx.Tests.Imaging;

public sealed class LibvipsJpegTests
{
    [Theory]
    [InlineData(1, 320, 200)]
    [InlineData(2, 640, 400)]
    [InlineData(8, 1280, 800)]
    public unsafe void TryDecode_WhenScaledJpeg_WritesTheSamePixelsAsSkiaSharp(int shrink, int width, int height)
    {
        var jpeg = LandscapePhotos.Jpeg(width, height, LandscapePhotos.Red);
        using var codec = SKCodec.Create(new SKMemoryStream(SKData.CreateCopy(jpeg)));
        var size = codec.GetScaledDimensions(1f / shrink);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var fromSkia = new byte[info.BytesSize];
        var fromVips = new byte[info.BytesSize];
        fixed (byte* skia = fromSkia)
        fixed (byte* vips = fromVips)
        {
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, (IntPtr)skia));
            Assert.True(LibvipsJpeg.TryDecode(jpeg, shrink, info, vips));
        }

        Assert.InRange(RgbPixels.MeanAbsoluteDifference(fromVips, fromSkia), 0, 0.5);
        Assert.All(fromVips.Where((_, i) => i % 4 == 3), alpha => Assert.Equal(255, alpha));
    }

    [Fact]
    public unsafe void TryDecode_WhenGrayscaleJpeg_ExpandsToOpaqueGray()
    {
        using var gray = new SKBitmap(new SKImageInfo(64, 48, SKColorType.Gray8, SKAlphaType.Opaque));
        gray.Erase(new SKColor(90, 90, 90));
        var jpeg = TestImages.Encode(gray, ImageFormat.Jpeg);
        var info = new SKImageInfo(64, 48, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[info.BytesSize];

        fixed (byte* p = pixels)
        {
            Assert.True(LibvipsJpeg.TryDecode(jpeg, 1, info, p));
        }

        Assert.All(pixels.Chunk(4), px => Assert.Equal(new byte[] { 90, 90, 90, 255 }, px, new ToleranceComparer(2)));
    }

    [Fact]
    public unsafe void TryDecode_WhenJpegIsTruncated_DeclinesSoSkiaSharpReportsIt()
    {
        var jpeg = LandscapePhotos.Jpeg(320, 200, LandscapePhotos.Blue);
        var info = new SKImageInfo(320, 200, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[info.BytesSize];

        fixed (byte* p = pixels)
        {
            Assert.False(LibvipsJpeg.TryDecode(jpeg.AsSpan(0, jpeg.Length / 2), 1, info, p));
        }
    }

    [Fact]
    public unsafe void TryDecode_WhenSizeIsNotTheExpectedOne_Declines()
    {
        var jpeg = LandscapePhotos.Jpeg(320, 200, LandscapePhotos.Blue);
        var info = new SKImageInfo(160, 100, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[info.BytesSize];

        fixed (byte* p = pixels)
        {
            Assert.False(LibvipsJpeg.TryDecode(jpeg, 4, info, p));
        }
    }

    [Fact]
    public void Decode_WithAndWithoutLibvips_GivesTheSameModelInput()
    {
        var jpeg = LandscapePhotos.Jpeg(2000, 1500, LandscapePhotos.Blue);
        var settings = new PreprocessSettings(224, 224, ResizeMethod.Crop);

        var withLibvips = new ImageDecoder().Decode(jpeg, settings);
        var withSkia = new ImageDecoder(new ImageDecoderOptions { LibvipsJpeg = false }).Decode(jpeg, settings);

        Assert.True(LibvipsJpeg.IsAvailable);
        Assert.InRange(RgbPixels.MeanAbsoluteDifference(withLibvips, withSkia), 0, 0.5);
    }

    private sealed class ToleranceComparer(int tolerance) : IEqualityComparer<byte>
    {
        public bool Equals(byte x, byte y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(byte obj) => 0;
    }
}
