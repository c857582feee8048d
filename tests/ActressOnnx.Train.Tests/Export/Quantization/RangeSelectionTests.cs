using ActressOnnx.Train.Export.Quantization;

namespace ActressOnnx.Train.Tests.Export.Quantization;

public sealed class RangeSelectionTests
{
    private const int Count = 100_000;

    [Fact]
    public void MinMax_IsTheMeasuredRange()
    {
        var (values, histogram) = HeavyTailed(signed: true, seed: 1);

        Assert.Equal(new TensorRange(values.Min(), values.Max()), RangeSelection.Select(CalibrationMethod.MinMax, histogram, percentile: 99.99));
    }

    [Fact]
    public void Percentile_OfAHeavyTailedTensor_LiesInsideMinMaxAndLeavesOutAtMostTheTails()
    {
        var (values, histogram) = HeavyTailed(signed: true, seed: 2);

        var range = RangeSelection.Select(CalibrationMethod.Percentile, histogram, percentile: 99.9);

        Assert.True(range.Min > histogram.Range.Min && range.Max < histogram.Range.Max, $"{range} should be strictly inside {histogram.Range}");
        Assert.InRange(values.Count(v => v < range.Min), 1, Count / 1000);
        Assert.InRange(values.Count(v => v > range.Max), 1, Count / 1000);
        Assert.Equal(histogram.Range, RangeSelection.Percentile(histogram, 100));
    }

    [Fact]
    public void Mse_OfAHeavyTailedTensor_HasLessQuantizationErrorThanMinMax()
    {
        var (values, histogram) = HeavyTailed(signed: true, seed: 3);

        var range = RangeSelection.Select(CalibrationMethod.Mse, histogram, percentile: 99.99);

        Assert.True(range.Min >= histogram.Range.Min && range.Max <= histogram.Range.Max, $"{range} should be inside {histogram.Range}");
        var mse = SquaredError(values, range);
        var minMax = SquaredError(values, histogram.Range);
        Assert.True(mse < minMax, $"MSE range {range}: error {mse}; min/max range {histogram.Range}: error {minMax}");
        Assert.True(RangeSelection.SquaredError(histogram, range) <= RangeSelection.SquaredError(histogram, histogram.Range));
    }

    [Fact]
    public void Entropy_OfAHeavyTailedReluOutput_ClipsTheTailButNotTheBulk()
    {
        var (values, histogram) = HeavyTailed(signed: false, seed: 4);

        var range = RangeSelection.Select(CalibrationMethod.Entropy, histogram, percentile: 99.99);

        Assert.Equal(0f, range.Min);
        Assert.True(range.Max < histogram.Range.Max / 2, $"{range} should clip the tail of {histogram.Range}");
        Assert.True(values.Count(v => v > range.Max) < Count / 100, $"{range} clips more than 1% of the values");
    }

    [Fact]
    public void Entropy_OfASignedTensor_ClipsBothSidesSymmetricallyWithinMinMax()
    {
        var (_, histogram) = HeavyTailed(signed: true, seed: 5);

        var range = RangeSelection.Select(CalibrationMethod.Entropy, histogram, percentile: 99.99);

        Assert.True(range.Min >= histogram.Range.Min && range.Max <= histogram.Range.Max, $"{range} should be inside {histogram.Range}");
        Assert.True(range.Max < histogram.Range.Max, $"{range} should clip the tail of {histogram.Range}");
        Assert.Equal(-Math.Min(-histogram.Range.Min, range.Max), range.Min, 5);
    }

    // Mostly standard normal, one value in ten thousand thirty times wider: what a few outlier images do to an activation.
    private static (float[] Values, ActivationHistogram Histogram) HeavyTailed(bool signed, int seed)
    {
        var random = new Random(seed);
        var values = new float[Count];
        for (var i = 0; i < values.Length; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var value = (float)(i % 10_000 == 0 ? 30 * normal : normal);
            values[i] = signed ? value : Math.Max(0, value);
        }

        var histogram = new ActivationHistogram(new TensorRange(values.Min(), values.Max()));
        histogram.Add(values.AsSpan(0, Count / 2));
        histogram.Add(values.AsSpan(Count / 2));
        return (values, histogram);
    }

    private static double SquaredError(float[] values, TensorRange range)
    {
        var quantization = ActivationQuantization.FromRange(range);
        return values.Sum(v => Math.Pow(v - quantization.RoundTrip(v), 2));
    }
}
