using ActressOnnx.Onnx.Proto;
using ActressOnnx.Train.Export.Quantization;

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

    /// <summary>
    /// Build horizontal-flip test-time augmentation into the graph (<see cref="TestTimeAugmentationGraph"/>); the
    /// verifier then compares with the average of TorchSharp's probabilities for each image and its mirror image.
    /// </summary>
    public bool TestTimeAugmentation { get; init; }

    /// <summary>
    /// When set, the verified FP32 graph is quantized to INT8 with images from this folder-per-class set, and the INT8
    /// model is written instead (after its labels are checked against FP32 on those images).
    /// </summary>
    public string? CalibrationFolder { get; init; }

    /// <summary>
    /// When set (and <see cref="CalibrationFolder"/> is not), the INT8 model is calibrated on these files instead: the
    /// validation images the checkpoint's training report lists.
    /// </summary>
    public ReportCalibrationFiles? CalibrationFiles { get; init; }

    /// <summary>Calibration and agreement settings used with <see cref="CalibrationFolder"/> or <see cref="CalibrationFiles"/>.</summary>
    public QuantizationOptions Quantization { get; init; } = new();

    /// <summary>Test hook: changes the model after it is built and before it is written, to prove verification can fail.</summary>
    internal Action<ModelProto>? AlterBeforeWrite { get; init; }
}
