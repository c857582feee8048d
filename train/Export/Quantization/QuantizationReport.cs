namespace ActressOnnx.Train.Export.Quantization;

/// <summary>How the INT8 model compares with the FP32 model on the calibration images.</summary>
/// <param name="ImageCount">Calibration images both models classified.</param>
/// <param name="SkippedFiles">Calibration files that did not decode.</param>
/// <param name="LabelAgreement">Share of images (0..1) on which both models pick the same label.</param>
/// <param name="MeanAbsoluteDifference">Mean absolute difference of all class probabilities.</param>
/// <param name="MaxAbsoluteDifference">Largest absolute difference of a class probability.</param>
/// <param name="CalibrationSource">Where the calibration images came from (<see cref="CalibrationSet.Source"/>).</param>
internal sealed record QuantizationReport(int ImageCount, int SkippedFiles, double LabelAgreement, double MeanAbsoluteDifference, double MaxAbsoluteDifference, string CalibrationSource);
