namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Counts of one activation tensor's values over the calibration images, in two histograms of
/// <see cref="BinCount"/> equal bins: the values over the min/max range measured first, and their magnitudes over
/// 0..max(|min|, |max|). The clipping methods of <see cref="RangeSelection"/> read them.
/// </summary>
internal sealed class ActivationHistogram
{
    /// <summary>Bins per histogram (TensorRT's entropy calibration uses 2048).</summary>
    public const int BinCount = 2048;

    public ActivationHistogram(TensorRange range)
    {
        if (!(range.Min <= range.Max) || !float.IsFinite(range.Min) || !float.IsFinite(range.Max))
        {
            throw new QuantizationException($"A calibration run produced a non-finite or empty activation range ({range.Min}..{range.Max}); the model overflows on the calibration images and cannot be quantized.");
        }

        Range = range;
        AbsMax = Math.Max(Math.Abs(range.Min), Math.Abs(range.Max));
    }

    /// <summary>The min/max range the values histogram spans.</summary>
    public TensorRange Range { get; }

    /// <summary>The largest magnitude: the top of the magnitudes histogram.</summary>
    public float AbsMax { get; }

    /// <summary>Counts of the values, bin i covering <c>Min + i * ValueBinWidth</c> upwards.</summary>
    public long[] Values { get; } = new long[BinCount];

    /// <summary>Counts of |value|, bin i covering <c>i * MagnitudeBinWidth</c> upwards.</summary>
    public long[] Magnitudes { get; } = new long[BinCount];

    public double ValueBinWidth => ((double)Range.Max - Range.Min) / BinCount;

    public double MagnitudeBinWidth => (double)AbsMax / BinCount;

    public long Total { get; private set; }

    /// <summary>Counts <paramref name="values"/>; values outside the measured range land in the end bins.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        var valueWidth = ValueBinWidth;
        var magnitudeWidth = MagnitudeBinWidth;
        var valueFactor = valueWidth > 0 ? 1.0 / valueWidth : 0;
        var magnitudeFactor = magnitudeWidth > 0 ? 1.0 / magnitudeWidth : 0;
        double min = Range.Min;
        foreach (var value in values)
        {
            Values[Bin((value - min) * valueFactor)]++;
            Magnitudes[Bin(Math.Abs(value) * magnitudeFactor)]++;
        }

        Total += values.Length;
    }

    /// <summary>The centre of value bin <paramref name="bin"/>.</summary>
    public double ValueAt(int bin) => Range.Min + (bin + 0.5) * ValueBinWidth;

    private static int Bin(double position) => position >= BinCount ? BinCount - 1 : position > 0 ? (int)position : 0;
}
