using System.Buffers.Binary;
using SkiaSharp;

namespace ActressOnnx.Testing.Images;

/// <summary>Writes an uncompressed 24-bit bottom-up BMP (BITMAPINFOHEADER).</summary>
internal static class BmpWriter
{
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;

    public static byte[] Write(SKBitmap bitmap)
    {
        var rowSize = ((bitmap.Width * 3) + 3) & ~3;
        var pixelOffset = FileHeaderSize + InfoHeaderSize;
        var bytes = new byte[pixelOffset + (rowSize * bitmap.Height)];
        var span = bytes.AsSpan();

        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], pixelOffset);
        BinaryPrimitives.WriteInt32LittleEndian(span[14..], InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], bitmap.Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], bitmap.Height); // positive: rows stored bottom-up
        BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1); // planes
        BinaryPrimitives.WriteInt16LittleEndian(span[28..], 24); // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(span[34..], rowSize * bitmap.Height);

        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = pixelOffset + ((bitmap.Height - 1 - y) * rowSize);
            for (var x = 0; x < bitmap.Width; x++)
            {
                var color = bitmap.GetPixel(x, y);
                bytes[row + (x * 3)] = color.Blue;
                bytes[row + (x * 3) + 1] = color.Green;
                bytes[row + (x * 3) + 2] = color.Red;
            }
        }

        return bytes;
    }
}
