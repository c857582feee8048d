using System.Buffers.Binary;

namespace ActressOnnx.Testing.Images;

/// <summary>Inserts a minimal APP1 Exif segment (big-endian TIFF, IFD0 with only the Orientation tag) into a JPEG.</summary>
internal static class ExifWriter
{
    private const ushort OrientationTag = 0x0112;
    private const ushort ShortType = 3;

    public static byte[] AddOrientation(byte[] jpeg, int orientation)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("Not a JPEG: it does not start with SOI (FF D8).", nameof(jpeg));
        }

        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // header: big-endian, IFD0 at offset 8
            0, 1, // one entry
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // tag, type, count, value (patched below)
            0, 0, 0, 0, // no next IFD
        ];
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), OrientationTag);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), ShortType);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), (ushort)orientation);

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);

        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
