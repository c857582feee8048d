namespace ActressOnnx.Train.Export.Quantization;

/// <summary>How <see cref="RangeCalibrator"/> turns what the calibration images produced into each activation's range.</summary>
internal enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen: nothing clips, but one outlier stretches the step for every value.</summary>
    MinMax,

    /// <summary>The range that holds all but the given share of the values at each end (<see cref="QuantizationOptions.Percentile"/>).</summary>
    Percentile,

    /// <summary>
    /// TensorRT's entropy calibration: the clipping threshold of |x| whose quantized histogram loses the least
    /// information (Kullback-Leibler divergence) against the full one.
    /// </summary>
    Entropy,

    /// <summary>The range, shrunk from min/max, that gives the least mean squared quantization error over the values seen.</summary>
    Mse,
}
