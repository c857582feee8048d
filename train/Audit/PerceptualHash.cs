using System.Numerics;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// A 64-bit DCT perceptual hash: the image as 32x32 grey levels, its 2-D DCT-II, the 8x8 lowest frequencies, one bit
/// per coefficient set when it is above their median. Resizing, re-encoding, small shifts and a change of brightness
/// move few bits; unrelated images differ in about half of them.
/// </summary>
internal static class PerceptualHash
{
    public const int Size = 32;
    private const int Low = 8;
    private static readonly double[,] Cosines = CreateCosines();

    /// <summary>Hashes <paramref name="gray"/>, <c>Size x Size</c> grey levels (row-major).</summary>
    public static ulong Compute(ReadOnlySpan<float> gray)
    {
        if (gray.Length != Size * Size)
        {
            throw new ArgumentException($"Expected {Size}x{Size} grey levels, got {gray.Length} values.", nameof(gray));
        }

        // Rows first (only the 8 lowest frequencies are needed), then the columns of those.
        Span<double> rows = stackalloc double[Size * Low];
        for (var y = 0; y < Size; y++)
        {
            for (var u = 0; u < Low; u++)
            {
                double sum = 0;
                for (var x = 0; x < Size; x++)
                {
                    sum += gray[(y * Size) + x] * Cosines[u, x];
                }

                rows[(y * Low) + u] = sum;
            }
        }

        Span<double> coefficients = stackalloc double[Low * Low];
        for (var v = 0; v < Low; v++)
        {
            for (var u = 0; u < Low; u++)
            {
                double sum = 0;
                for (var y = 0; y < Size; y++)
                {
                    sum += rows[(y * Low) + u] * Cosines[v, y];
                }

                coefficients[(v * Low) + u] = sum;
            }
        }

        Span<double> sorted = stackalloc double[Low * Low];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[(Low * Low / 2) - 1] + sorted[Low * Low / 2]) / 2;
        ulong hash = 0;
        for (var i = 0; i < Low * Low; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return hash;
    }

    /// <summary>The number of bits in which two hashes differ (0 = same, 64 = opposite).</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    private static double[,] CreateCosines()
    {
        var table = new double[Low, Size];
        for (var u = 0; u < Low; u++)
        {
            for (var x = 0; x < Size; x++)
            {
                table[u, x] = Math.Cos(Math.PI * u * ((2 * x) + 1) / (2 * Size));
            }
        }

        return table;
    }
}
