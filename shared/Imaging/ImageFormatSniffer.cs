using System.Buffers.Binary;

namespace ActressOnnx.Imaging;

/// <summary>Recognises a supported container from its leading bytes; names and extensions are never trusted.</summary>
internal static class ImageFormatSniffer
{
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Gif87Magic => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89Magic => "GIF89a"u8;

    private static ReadOnlySpan<byte> RiffMagic => "RIFF"u8;

    private static ReadOnlySpan<byte> WebpMagic => "WEBP"u8;

    private static ReadOnlySpan<byte> BmpMagic => "BM"u8;

    /// <summary>Returns the format, or throws Empty, Truncated (a cut-off signature) or UnsupportedFormat.</summary>
    public static ImageFormat Sniff(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(ImageDecodeError.Empty, "The image is empty (0 bytes).");
        }

        if (data.StartsWith(JpegMagic))
        {
            return ImageFormat.Jpeg;
        }

        if (data.StartsWith(PngMagic))
        {
            return ImageFormat.Png;
        }

        if (data.StartsWith(Gif87Magic) || data.StartsWith(Gif89Magic))
        {
            return ImageFormat.Gif;
        }

        if (data.Length >= 12 && data.StartsWith(RiffMagic) && data.Slice(8, 4).SequenceEqual(WebpMagic))
        {
            return ImageFormat.Webp;
        }

        if (IsBmp(data))
        {
            return ImageFormat.Bmp;
        }

        if (IsCutOffSignature(data))
        {
            throw new ImageDecodeException(ImageDecodeError.Truncated, $"The data ends after {data.Length} byte(s), inside the image signature.");
        }

        throw new ImageDecodeException(
            ImageDecodeError.UnsupportedFormat,
            $"The bytes are not a JPEG, PNG, WebP, GIF or BMP image (they start with {Describe(data)}).");
    }

    // "BM" alone is too weak a signature (plain text can start with it), so the DIB header size must be one of the known ones.
    private static bool IsBmp(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(BmpMagic) || data.Length < 18)
        {
            return false;
        }

        var dibHeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(14, 4));
        return dibHeaderSize is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;
    }

    private static bool IsCutOffSignature(ReadOnlySpan<byte> data)
    {
        return JpegMagic.StartsWith(data)
            || PngMagic.StartsWith(data)
            || Gif87Magic.StartsWith(data)
            || Gif89Magic.StartsWith(data)
            || (data.Length < 12 && data.StartsWith(RiffMagic));
    }

    private static string Describe(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 8)];
        var printable = true;
        foreach (var b in head)
        {
            printable &= b is >= 0x20 and < 0x7F;
        }

        return printable ? $"\"{System.Text.Encoding.ASCII.GetString(head)}\"" : $"0x{Convert.ToHexString(head)}";
    }
}
