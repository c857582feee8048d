namespace ActressOnnx.Inference;

/// <summary>
/// Keys of the ONNX <c>metadata_props</c> entries that make a model file self-describing (part of the model file
/// contract: see <see cref="ClassifierMetadata"/>). Adding a key is one constant here; until it earns a typed
/// property it is read and written through <see cref="ClassifierMetadata.Extras"/>.
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>The prefix of every key of ours; <see cref="ClassifierMetadata.Extras"/> keeps those it has no property for.</summary>
    public const string Prefix = "actressonnx.";

    /// <summary>JSON array of class labels, in output order.</summary>
    public const string Labels = "actressonnx.labels";

    /// <summary>Model input width in pixels (invariant integer).</summary>
    public const string InputWidth = "actressonnx.input_width";

    /// <summary>Model input height in pixels (invariant integer).</summary>
    public const string InputHeight = "actressonnx.input_height";

    /// <summary>Resize method name: squish, crop or pad.</summary>
    public const string ResizeMethod = "actressonnx.resize_method";

    /// <summary>Architecture name, e.g. resnet18.</summary>
    public const string Architecture = "actressonnx.architecture";

    /// <summary>Validation loss of the exported weights (invariant float).</summary>
    public const string ValidLoss = "actressonnx.valid_loss";

    /// <summary>Validation error rate of the exported weights (invariant float, 0..1).</summary>
    public const string ValidErrorRate = "actressonnx.valid_error_rate";

    /// <summary>Number of epochs trained.</summary>
    public const string Epochs = "actressonnx.epochs";

    /// <summary>ISO 8601 UTC time the model was trained.</summary>
    public const string TrainedAt = "actressonnx.trained_at";

    /// <summary>How the weights are stored when not FP32: <c>int8</c> (static QDQ quantization); absent for FP32 models.</summary>
    public const string Quantization = "actressonnx.quantization";

    /// <summary>For an INT8 model, how its activation ranges were calibrated: <c>minmax</c>, <c>percentile:99.99</c>, <c>entropy</c> or <c>mse</c>.</summary>
    public const string QuantizationCalibration = "actressonnx.quantization_calibration";

    /// <summary>For an INT8 model, the layers left in FP32: <c>none</c>, or a comma-separated list of <c>first-conv</c> and <c>head</c>.</summary>
    public const string QuantizationFp32Layers = "actressonnx.quantization_fp32_layers";

    /// <summary>Test-time augmentation built into the graph: <c>hflip</c> (the output averages the image and its mirror image); absent when none.</summary>
    public const string TestTimeAugmentation = "actressonnx.tta";

    /// <summary>Where training's starting weights came from, e.g. <c>imagenet:Microsoft.ML.DnnImageFeaturizer.ResNet18/0.23.1</c> or <c>none</c>.</summary>
    public const string Weights = "actressonnx.weights";
}
