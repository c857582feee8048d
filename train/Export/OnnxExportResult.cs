namespace ActressOnnx.Train.Export;

/// <summary>A verified ONNX file.</summary>
/// <param name="Path">Full path of the written model.</param>
/// <param name="SizeBytes">Its size in bytes.</param>
/// <param name="MaxDifference">The largest absolute difference between ONNX Runtime's and TorchSharp's probabilities.</param>
internal sealed record OnnxExportResult(string Path, long SizeBytes, double MaxDifference);
