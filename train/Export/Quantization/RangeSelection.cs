namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Picks an activation's quantization range from its <see cref="ActivationHistogram"/>, clipping rare large values so
/// that the 256 uint8 steps resolve the common ones better. Every range lies inside the min/max range.
/// </summary>
internal static class RangeSelection
{
    /// <summary>Shrink factors of the min/max range that <see cref="Mse"/> tries: 1/200, 2/200, ..., 1.</summary>
    public const int MseSteps = 200;

    /// <summary>The range <paramref name="method"/> picks; <paramref name="percentile"/> is only read by <see cref="CalibrationMethod.Percentile"/>.</summary>
    public static TensorRange Select(CalibrationMethod method, ActivationHistogram histogram, double percentile) => method switch
    {
        CalibrationMethod.MinMax => histogram.Range,
        CalibrationMethod.Percentile => Percentile(histogram, percentile),
        CalibrationMethod.Entropy => Entropy(histogram),
        CalibrationMethod.Mse => Mse(histogram),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown calibration method."),
    };

    /// <summary>
    /// Drops the lowest and the highest <c>(100 - percentile)%</c> of the values: the range runs from the bin where the
    /// low tail's count passes that share to the bin where the high tail's does.
    /// </summary>
    public static TensorRange Percentile(ActivationHistogram histogram, double percentile)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(percentile > 50 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be above 50 and at most 100.");
        }

        var counts = histogram.Values;
        var tail = histogram.Total * (100 - percentile) / 100;
        var low = 0;
        for (long below = 0; low < counts.Length - 1 && below + counts[low] <= tail; low++)
        {
            below += counts[low];
        }

        var high = counts.Length - 1;
        for (long above = 0; high > low && above + counts[high] <= tail; high--)
        {
            above += counts[high];
        }

        var width = histogram.ValueBinWidth;
        var min = low == 0 ? histogram.Range.Min : (float)(histogram.Range.Min + low * width);
        var max = high == counts.Length - 1 ? histogram.Range.Max : (float)(histogram.Range.Min + (high + 1) * width);
        return new TensorRange(Math.Max(min, histogram.Range.Min), Math.Min(max, histogram.Range.Max));
    }

    /// <summary>
    /// TensorRT's entropy calibration on the magnitudes: for each candidate threshold (bin i), the reference
    /// distribution P is bins 0..i-1 with every larger value added to the last of them, and Q is the same bins merged
    /// into as many levels as the quantized range has on that side (256 for a tensor of one sign, 128 for a signed one)
    /// and spread back over the non-empty bins; the threshold with the least KL(P || Q) wins. Bin 0 counts as bin 1,
    /// as NVIDIA's pytorch-quantization does, so the exact zeros a ReLU makes do not favour the smallest thresholds.
    /// </summary>
    public static TensorRange Entropy(ActivationHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var range = histogram.Range;
        if (histogram.AbsMax <= 0 || histogram.Total == 0)
        {
            return range;
        }

        var levels = range.Min < 0 && range.Max > 0 ? 128 : 256;
        var bins = (long[])histogram.Magnitudes.Clone();
        bins[0] = bins[1];
        var suffix = new long[bins.Length + 1];
        for (var i = bins.Length - 1; i >= 0; i--)
        {
            suffix[i] = suffix[i + 1] + bins[i];
        }

        var best = bins.Length;
        var bestDivergence = double.PositiveInfinity;
        var q = new double[bins.Length];
        for (var i = levels; i <= bins.Length; i++)
        {
            var divergence = Divergence(bins, suffix, i, levels, q);
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                best = i;
            }
        }

        var threshold = (float)(best * histogram.MagnitudeBinWidth);
        return best == bins.Length ? range : new TensorRange(Math.Max(range.Min, -threshold), Math.Min(range.Max, threshold));
    }

    /// <summary>
    /// Tries the min/max range shrunk by each factor k / <see cref="MseSteps"/> and keeps the one whose quantize-dequantize
    /// round trip has the least squared error summed over the histogram (each bin counted at its centre); the
    /// unshrunk range is one of the candidates, so the error is never above min/max's on the same histogram.
    /// </summary>
    public static TensorRange Mse(ActivationHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var range = histogram.Range;
        var best = range;
        var bestError = SquaredError(histogram, range);
        for (var step = MseSteps - 1; step >= 1; step--)
        {
            var factor = (float)step / MseSteps;
            var candidate = new TensorRange(range.Min * factor, range.Max * factor);
            var error = SquaredError(histogram, candidate);
            if (error < bestError)
            {
                bestError = error;
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>Sum over the histogram of (x - dequantize(quantize(x)))², x at each bin's centre, with the uint8 parameters of <paramref name="range"/>.</summary>
    public static double SquaredError(ActivationHistogram histogram, TensorRange range)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var quantization = ActivationQuantization.FromRange(range);
        var total = 0.0;
        var counts = histogram.Values;
        for (var bin = 0; bin < counts.Length; bin++)
        {
            if (counts[bin] != 0)
            {
                var x = histogram.ValueAt(bin);
                var error = x - quantization.RoundTrip(x);
                total += counts[bin] * error * error;
            }
        }

        return total;
    }

    // KL(P || Q) for threshold bin i (see Entropy); q is scratch space of at least i values.
    private static double Divergence(long[] bins, long[] suffix, int i, int levels, double[] q)
    {
        var total = (double)suffix[0];
        for (var level = 0; level < levels; level++)
        {
            var start = (int)((long)level * i / levels);
            var end = (int)((long)(level + 1) * i / levels);
            long sum = 0;
            var nonEmpty = 0;
            for (var j = start; j < end; j++)
            {
                sum += bins[j];
                nonEmpty += bins[j] != 0 ? 1 : 0;
            }

            var share = nonEmpty == 0 ? 0 : (double)sum / nonEmpty;
            for (var j = start; j < end; j++)
            {
                q[j] = bins[j] != 0 ? share : 0;
            }
        }

        var qTotal = (double)(suffix[0] - suffix[i]);
        if (qTotal <= 0)
        {
            return double.PositiveInfinity;
        }

        const double Epsilon = 1e-10;
        var divergence = 0.0;
        for (var j = 0; j < i; j++)
        {
            var p = (j == i - 1 ? bins[j] + suffix[i] : bins[j]) / total;
            if (p > 0)
            {
                divergence += p * Math.Log(p / Math.Max(q[j] / qTotal, Epsilon));
            }
        }

        return divergence;
    }
}
