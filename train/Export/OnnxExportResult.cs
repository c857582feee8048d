using ActressOnnx.Train.Export.Quantization;

namespace ActressOnnx.Train.Export;

/// <summary>A verified ONNX file.</summary>
/// <param name="Path">Full path of the written model.</param>
/// <param name="SizeBytes">Its size in bytes.</param>
/// <param name="MaxDifference">The largest absolute difference between ONNX Runtime's and TorchSharp's probabilities (of the FP32 graph).</param>
/// <param name="Quantization">For an INT8 export, how it compares with the FP32 model; null otherwise.</param>
internal sealed record OnnxExportResult(string Path, long SizeBytes, double MaxDifference, QuantizationReport? Quantization = null);
