using ActressOnnx.Onnx.Proto;

namespace ActressOnnx.Train.Export;

/// <summary>How <see cref="OnnxExporter.Export"/> checks the file it writes.</summary>
internal sealed record OnnxExportOptions
{
    /// <summary>The largest allowed absolute difference between ONNX Runtime's and TorchSharp's probabilities.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the random test images, so a failed verification can be reproduced.</summary>
    public int VerificationSeed { get; init; } = 20_240_611;

    /// <summary>Batch sizes the verifier runs; more than one proves the batch dimension really is dynamic.</summary>
    public IReadOnlyList<int> VerificationBatchSizes { get; init; } = [1, 3];

    /// <summary>Test hook: changes the model after it is built and before it is written, to prove verification can fail.</summary>
    internal Action<ModelProto>? AlterBeforeWrite { get; init; }
}
