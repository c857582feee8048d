using System.Globalization;

namespace ActressOnnx.Train.Export;

/// <summary>The exported graph computes something different from the TorchSharp model it was exported from.</summary>
internal sealed class ExportVerificationException(double maxDifference, double tolerance, int batchSize)
    : Exception(string.Create(
        CultureInfo.InvariantCulture,
        $"ONNX Runtime and TorchSharp disagree: max absolute probability difference {maxDifference:G6} at batch size {batchSize} exceeds the tolerance {tolerance:G6}. The exported graph does not match the model; nothing was written."))
{
    public double MaxDifference { get; } = maxDifference;

    public double Tolerance { get; } = tolerance;

    public int BatchSize { get; } = batchSize;
}
