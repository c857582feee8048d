using SkiaSharp;

namespace ActressOnnx.Testing.Images;

/// <summary>Reads and compares pixels of decoder output (row-major RGB bytes).</summary>
public static class RgbPixels
{
    /// <summary>The pixel at (<paramref name="x"/>, <paramref name="y"/>) of an RGB image <paramref name="width"/> pixels wide.</summary>
    public static SKColor At(ReadOnlySpan<byte> rgb, int width, int x, int y)
    {
        var offset = ((y * width) + x) * 3;
        return new SKColor(rgb[offset], rgb[offset + 1], rgb[offset + 2]);
    }

    /// <summary>The largest per-channel difference between two colours.</summary>
    public static int Distance(SKColor a, SKColor b)
    {
        return Math.Max(Math.Abs(a.Red - b.Red), Math.Max(Math.Abs(a.Green - b.Green), Math.Abs(a.Blue - b.Blue)));
    }

    /// <summary>The mean absolute difference per byte between two equally long RGB buffers.</summary>
    public static double MeanAbsoluteDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Buffers differ in length: {a.Length} vs {b.Length}.", nameof(b));
        }

        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }
}
