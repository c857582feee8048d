using System.Buffers.Binary;
using System.IO.Compression;

namespace ActressOnnx.Train.Data;

/// <summary>Reads the IDX files MNIST-style datasets ship in (big-endian header, optionally gzipped).</summary>
internal static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes: returns its dimensions and the raw data.</summary>
    public static (int[] Dimensions, byte[] Data) ReadBytes(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;

        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        if (magic[0] != 0 || magic[1] != 0 || magic[2] != UnsignedByteType || magic[3] is 0 or > 4)
        {
            throw new InvalidDataException($"'{path}' is not an IDX file of unsigned bytes.");
        }

        var dimensions = new int[magic[3]];
        Span<byte> size = stackalloc byte[4];
        long total = 1;
        for (var i = 0; i < dimensions.Length; i++)
        {
            stream.ReadExactly(size);
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(size);
            if (dimensions[i] < 0)
            {
                throw new InvalidDataException($"'{path}' declares a negative dimension.");
            }

            total *= dimensions[i];
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidDataException($"'{path}' declares {total} values, more than fit in memory.");
        }

        var data = new byte[total];
        try
        {
            stream.ReadExactly(data);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"'{path}' ends before its declared {total} values; download it again.", ex);
        }

        return (dimensions, data);
    }
}
