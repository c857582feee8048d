using System.Buffers.Binary;
using System.Text;
using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;

namespace ActressOnnx.Tests.Imaging;

public sealed class ImageDecoderErrorTests
{
    private static readonly PreprocessSettings Target = new(16, 16, ResizeMethod.Crop);

    private readonly ImageDecoder decoder = new();

    [Fact]
    public void Decode_WhenEmpty_ThrowsEmpty()
    {
        AssertDecodeFails(ImageDecodeError.Empty, []);
    }

    [Fact]
    public void Decode_WhenHtml_ThrowsUnsupportedFormat()
    {
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>Not found</body></html>");

        AssertDecodeFails(ImageDecodeError.UnsupportedFormat, html);
    }

    [Fact]
    public void Decode_WhenTiff_ThrowsUnsupportedFormat()
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        AssertDecodeFails(ImageDecodeError.UnsupportedFormat, tiff);
    }

    [Fact]
    public void Decode_WhenTextStartsWithBm_ThrowsUnsupportedFormat()
    {
        AssertDecodeFails(ImageDecodeError.UnsupportedFormat, Encoding.ASCII.GetBytes("BMW 320d, barely used, call after six"));
    }

    [Fact]
    public void Decode_WhenJpegHeaderIsGarbage_ThrowsCorrupt()
    {
        var bytes = new byte[512];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        bytes[3] = 0x01; // not a marker that can start a JPEG

        AssertDecodeFails(ImageDecodeError.Corrupt, bytes);
    }

    [Fact]
    public void Decode_WhenPngPixelDataIsDamaged_ThrowsCorrupt()
    {
        using var picture = TestImages.SmoothPicture(48, 48);
        var png = TestImages.Encode(picture, ImageFormat.Png);
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        for (var i = idat + 40; i < idat + 80; i++)
        {
            png[i] ^= 0x5A;
        }

        AssertDecodeFails(ImageDecodeError.Corrupt, png);
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    public void Decode_WhenCutOffMidPixels_ThrowsTruncated(ImageFormat format)
    {
        using var picture = TestImages.SmoothPicture(64, 64);
        var bytes = TestImages.Encode(picture, format);

        AssertDecodeFails(ImageDecodeError.Truncated, bytes.AsSpan(0, bytes.Length * 6 / 10).ToArray());
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    public void Identify_WhenCutOffInsideHeader_ThrowsTruncated(ImageFormat format)
    {
        using var picture = TestImages.SmoothPicture(64, 64);
        var bytes = TestImages.Encode(picture, format);

        var error = Assert.Throws<ImageDecodeException>(() => decoder.Identify(bytes.AsSpan(0, 20)));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
    }

    [Fact]
    public void Identify_WhenHeaderDeclaresHugeImage_ThrowsTooManyPixels()
    {
        var bomb = TestImages.PngDeclaringSize(100_000, 100_000);

        var error = Assert.Throws<ImageDecodeException>(() => decoder.Identify(bomb));

        Assert.Equal(ImageDecodeError.TooManyPixels, error.Error);
        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenHeaderDeclaresHugeImage_ThrowsTooManyPixels()
    {
        AssertDecodeFails(ImageDecodeError.TooManyPixels, TestImages.PngDeclaringSize(100_000, 100_000));
    }

    [Fact]
    public void Decode_WhenJpegFrameHeaderDeclaresHugeImage_ThrowsTooManyPixels()
    {
        using var picture = TestImages.Quadrants(16, 16);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);
        var frameHeader = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frameHeader + 5), 60_000); // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frameHeader + 7), 60_000); // width

        AssertDecodeFails(ImageDecodeError.TooManyPixels, jpeg);
    }

    [Fact]
    public void Decode_WhenGifScreenDeclaresHugeImage_ThrowsTooManyPixels()
    {
        using var picture = TestImages.Quadrants(16, 16);
        var gif = TestImages.Encode(picture, ImageFormat.Gif);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(6), 65_000); // logical screen width
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(8), 65_000); // logical screen height

        AssertDecodeFails(ImageDecodeError.TooManyPixels, gif);
    }

    [Fact]
    public void Decode_WhenImageExceedsConfiguredLimit_ThrowsTooManyPixels()
    {
        using var picture = TestImages.Quadrants(40, 30);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);
        var strict = new ImageDecoder(new ImageDecoderOptions { MaxPixels = (40 * 30) - 1 });
        var exact = new ImageDecoder(new ImageDecoderOptions { MaxPixels = 40 * 30 });

        var error = Assert.Throws<ImageDecodeException>(() => strict.Decode(jpeg, Target));

        Assert.Equal(ImageDecodeError.TooManyPixels, error.Error);
        Assert.Equal(Target.PixelBytes, exact.Decode(jpeg, Target).Length);
    }

    [Fact]
    public void Decode_WhenDestinationTooSmall_ThrowsArgumentException()
    {
        using var picture = TestImages.Quadrants(16, 16);
        var png = TestImages.Encode(picture, ImageFormat.Png);
        var destination = new byte[Target.PixelBytes - 1];

        Assert.Throws<ArgumentException>(() => decoder.Decode(png, Target, destination));
    }

    [Fact]
    public void Decode_WhenDestinationLarger_WritesOnlyPixelBytes()
    {
        using var picture = TestImages.Quadrants(16, 16);
        var png = TestImages.Encode(picture, ImageFormat.Png);
        var destination = new byte[Target.PixelBytes + 5];
        destination.AsSpan(Target.PixelBytes).Fill(0xAB);

        decoder.Decode(png, Target, destination);

        Assert.All(destination[Target.PixelBytes..], b => Assert.Equal(0xAB, b));
        ImageDecoderTests.AssertQuadrants(destination, 16, 16);
    }

    private void AssertDecodeFails(ImageDecodeError expected, byte[] bytes)
    {
        var error = Assert.Throws<ImageDecodeException>(() => decoder.Decode(bytes, Target));
        Assert.Equal(expected, error.Error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
