using System.Globalization;
using SkiaSharp;

namespace ActressOnnx.Imaging;

/// <summary>
/// An SKCodec over caller-pinned bytes (no copy). The caller keeps the bytes pinned until this is disposed.
/// Creating it parses only the header; no pixel is decoded.
/// </summary>
internal sealed class ImageCodec : IDisposable
{
    private readonly SKData data;

    private ImageCodec(SKData data, SKCodec codec, ImageFormat format)
    {
        this.data = data;
        Codec = codec;
        Format = format;
        var info = codec.Info;
        EncodedWidth = info.Width;
        EncodedHeight = info.Height;
        Origin = codec.EncodedOrigin;
    }

    public SKCodec Codec { get; }

    public ImageFormat Format { get; }

    /// <summary>Width as stored, before EXIF orientation.</summary>
    public int EncodedWidth { get; }

    /// <summary>Height as stored, before EXIF orientation.</summary>
    public int EncodedHeight { get; }

    public SKEncodedOrigin Origin { get; }

    public long PixelCount => (long)EncodedWidth * EncodedHeight;

    public int DisplayedWidth => ImageOrientation.SwapsAxes(Origin) ? EncodedHeight : EncodedWidth;

    public int DisplayedHeight => ImageOrientation.SwapsAxes(Origin) ? EncodedWidth : EncodedHeight;

    /// <summary>Sniffs the format, parses the header and enforces the pixel limit.</summary>
    public static unsafe ImageCodec Open(byte* pinned, ReadOnlySpan<byte> data, long maxPixels)
    {
        var format = ImageFormatSniffer.Sniff(data);
        var skData = SKData.Create((IntPtr)pinned, data.Length);
        ImageCodec? opened = null;
        try
        {
            opened = new ImageCodec(skData, CreateCodec(skData, format), format);
            if (opened.PixelCount > maxPixels)
            {
                throw new ImageDecodeException(
                    ImageDecodeError.TooManyPixels,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"The {format} header declares {opened.EncodedWidth}x{opened.EncodedHeight} = {opened.PixelCount} pixels, more than the limit of {maxPixels}; send a smaller image."));
            }

            return opened;
        }
        catch
        {
            if (opened is null)
            {
                skData.Dispose();
            }
            else
            {
                opened.Dispose();
            }

            throw;
        }
    }

    public void Dispose()
    {
        Codec.Dispose();
        data.Dispose();
    }

    private static SKCodec CreateCodec(SKData skData, ImageFormat format)
    {
        // The codec takes ownership of the stream (and disposes it with itself, or at once when creation fails).
        var stream = new SKMemoryStream(skData);
        var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
        {
            var error = result == SKCodecResult.IncompleteInput ? ImageDecodeError.Truncated : ImageDecodeError.Corrupt;
            var what = error == ImageDecodeError.Truncated ? "ends inside its header" : "has a damaged header";
            throw new ImageDecodeException(error, $"The data looks like {format} but {what} ({result}).");
        }

        var actual = ToImageFormat(codec.EncodedFormat);
        if (actual != format || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            codec.Dispose();
            throw new ImageDecodeException(ImageDecodeError.Corrupt, $"The data starts like {format} but its header does not parse as one.");
        }

        return codec;
    }

    private static ImageFormat? ToImageFormat(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        SKEncodedImageFormat.Png => ImageFormat.Png,
        SKEncodedImageFormat.Webp => ImageFormat.Webp,
        SKEncodedImageFormat.Gif => ImageFormat.Gif,
        SKEncodedImageFormat.Bmp => ImageFormat.Bmp,
        _ => null,
    };
}
