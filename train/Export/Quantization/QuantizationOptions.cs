namespace ActressOnnx.Train.Export.Quantization;

/// <summary>How <see cref="Int8Quantizer"/> calibrates and checks an INT8 model.</summary>
internal sealed record QuantizationOptions
{
    /// <summary>
    /// The least share of calibration images on which the INT8 model must pick the FP32 model's label (default 0.99).
    /// Quantization noise should only flip images that sit on a decision boundary; more than 1 in 100 means the
    /// ranges or the graph are wrong, not just rounding.
    /// </summary>
    public double MinLabelAgreement { get; init; } = 0.99;

    /// <summary>At most this many calibration images are used (default 300; the classes are taken in turn).</summary>
    public int MaxImages { get; init; } = 300;

    /// <summary>
    /// How activation ranges are picked from the calibration images (default min/max: with the first convolution and
    /// the head in FP32 it kept the most labels of the methods compared in docs/quantization.md).
    /// </summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;

    /// <summary>For <see cref="CalibrationMethod.Percentile"/>: the share (in percent) of values kept inside the range at each end (default 99.99).</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>
    /// Layers left in FP32 (default the first convolution and the head: quantizing them cost the most agreement with
    /// FP32 on a ten-class model; see docs/quantization.md).
    /// </summary>
    public Fp32Layers Fp32Layers { get; init; } = Fp32Layers.FirstConv | Fp32Layers.Head;

    /// <summary>Images per calibration and comparison run.</summary>
    public int BatchSize { get; init; } = 8;
}
