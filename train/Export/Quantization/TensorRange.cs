namespace ActressOnnx.Train.Export.Quantization;

/// <summary>The smallest and largest value a tensor took over the calibration images.</summary>
internal readonly record struct TensorRange(float Min, float Max)
{
    /// <summary>The range that also covers <paramref name="min"/> and <paramref name="max"/>.</summary>
    public TensorRange Include(float min, float max) => new(Math.Min(Min, min), Math.Max(Max, max));

    /// <summary>An empty range that any first <see cref="Include"/> replaces.</summary>
    public static TensorRange Empty => new(float.PositiveInfinity, float.NegativeInfinity);
}
