using SkiaSharp;

namespace ActressOnnx.Testing.Images;

/// <summary>
/// Writes a GIF89a with a global palette and one frame per bitmap. The LZW stream uses literal codes only,
/// resetting the code table before it would grow past 9-bit codes: valid for every decoder, just not small.
/// </summary>
internal static class GifWriter
{
    private const int MinCodeSize = 8;
    private const int ClearCode = 1 << MinCodeSize;
    private const int EndCode = ClearCode + 1;
    private const int CodeBits = MinCodeSize + 1;

    // Each literal after the first adds a table entry; 250 keeps the next free code below 512 (where codes would widen).
    private const int LiteralsPerClear = 250;

    public static byte[] Write(IReadOnlyList<SKBitmap> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A GIF needs at least one frame.", nameof(frames));
        }

        var width = frames[0].Width;
        var height = frames[0].Height;
        if (frames.Any(f => f.Width != width || f.Height != height))
        {
            throw new ArgumentException("All frames must have the same size.", nameof(frames));
        }

        var palette = new List<SKColor>();
        var indexOf = new Dictionary<SKColor, byte>();
        var indexed = frames.Select(frame => ToIndices(frame, palette, indexOf)).ToList();

        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteUInt16(output, width);
        WriteUInt16(output, height);
        output.WriteByte(0xF7); // global colour table present, 8-bit colour resolution, 256 entries
        output.WriteByte(0); // background colour index
        output.WriteByte(0); // square pixels
        for (var i = 0; i < 256; i++)
        {
            var color = i < palette.Count ? palette[i] : SKColors.Black;
            output.WriteByte(color.Red);
            output.WriteByte(color.Green);
            output.WriteByte(color.Blue);
        }

        foreach (var indices in indexed)
        {
            output.Write([0x21, 0xF9, 4, 0x04, 10, 0, 0, 0]); // graphic control: keep frame, 100 ms, no transparency
            output.WriteByte(0x2C);
            WriteUInt16(output, 0);
            WriteUInt16(output, 0);
            WriteUInt16(output, width);
            WriteUInt16(output, height);
            output.WriteByte(0); // no local colour table, not interlaced
            output.WriteByte(MinCodeSize);
            WriteSubBlocks(output, Compress(indices));
        }

        output.WriteByte(0x3B);
        return output.ToArray();
    }

    private static byte[] ToIndices(SKBitmap frame, List<SKColor> palette, Dictionary<SKColor, byte> indexOf)
    {
        var indices = new byte[frame.Width * frame.Height];
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var color = frame.GetPixel(x, y).WithAlpha(255);
                if (!indexOf.TryGetValue(color, out var index))
                {
                    if (palette.Count == 256)
                    {
                        throw new ArgumentException("The frames use more than 256 colours; GIF cannot hold them.", nameof(frame));
                    }

                    index = (byte)palette.Count;
                    palette.Add(color);
                    indexOf.Add(color, index);
                }

                indices[(y * frame.Width) + x] = index;
            }
        }

        return indices;
    }

    private static byte[] Compress(byte[] indices)
    {
        var bits = new BitPacker();
        for (var i = 0; i < indices.Length; i++)
        {
            if (i % LiteralsPerClear == 0)
            {
                bits.Write(ClearCode, CodeBits);
            }

            bits.Write(indices[i], CodeBits);
        }

        bits.Write(EndCode, CodeBits);
        return bits.ToArray();
    }

    private static void WriteSubBlocks(Stream output, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            output.WriteByte((byte)length);
            output.Write(data, offset, length);
        }

        output.WriteByte(0);
    }

    private static void WriteUInt16(Stream output, int value)
    {
        output.WriteByte((byte)value);
        output.WriteByte((byte)(value >> 8));
    }

    private sealed class BitPacker
    {
        private readonly List<byte> bytes = [];
        private int pending;
        private int pendingBits;

        public void Write(int code, int width)
        {
            pending |= code << pendingBits;
            pendingBits += width;
            while (pendingBits >= 8)
            {
                bytes.Add((byte)pending);
                pending >>= 8;
                pendingBits -= 8;
            }
        }

        public byte[] ToArray()
        {
            if (pendingBits > 0)
            {
                bytes.Add((byte)pending);
            }

            return [.. bytes];
        }
    }
}
