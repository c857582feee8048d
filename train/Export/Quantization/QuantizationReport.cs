namespace ActressOnnx.Train.Export.Quantization;

/// <summary>How the INT8 model compares with the FP32 model on the calibration images.</summary>
/// <param name="ImageCount">Calibration images both models classified.</param>
/// <param name="SkippedFiles">Calibration files that did not decode.</param>
/// <param name="LabelAgreement">Share of images (0..1) on which both models pick the same label.</param>
/// <param name="MeanAbsoluteDifference">Mean absolute difference of all class probabilities.</param>
/// <param name="MaxAbsoluteDifference">Largest absolute difference of a class probability.</param>
/// <param name="CalibrationSource">Where the calibration images came from (<see cref="CalibrationSet.Source"/>).</param>
internal sealed record QuantizationReport(int ImageCount, int SkippedFiles, double LabelAgreement, double MeanAbsoluteDifference, double MaxAbsoluteDifference, string CalibrationSource)
{
    /// <summary>The calibration method as the metadata records it (<see cref="CalibrationNames.Describe"/>).</summary>
    public string Calibration { get; init; } = CalibrationNames.MinMax;

    /// <summary>The layers left in FP32 as the metadata records them (<see cref="CalibrationNames.Name(Fp32Layers)"/>).</summary>
    public string Fp32Layers { get; init; } = CalibrationNames.NoLayers;

    /// <summary>The names of the graph nodes left in FP32.</summary>
    public IReadOnlyList<string> Fp32Nodes { get; init; } = [];
}
