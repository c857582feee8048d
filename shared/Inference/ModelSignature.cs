using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ActressOnnx.Inference;

/// <summary>
/// Checks that a loaded session has the model-file contract's input and output (<see cref="ModelFileContract"/>),
/// with types and shapes that agree with the model's own metadata.
/// </summary>
internal static class ModelSignature
{
    /// <exception cref="InvalidModelException">The input or output is missing or does not match the metadata.</exception>
    public static void Validate(InferenceSession session, ClassifierMetadata metadata)
    {
        if (!session.InputMetadata.TryGetValue(ModelFileContract.InputName, out var input))
        {
            throw new InvalidModelException($"The model has no input named '{ModelFileContract.InputName}' (it has: {string.Join(", ", session.InputMetadata.Keys)}).");
        }

        var settings = metadata.Preprocess;
        if (input.ElementDataType != TensorElementType.UInt8 || input.Dimensions.Length != 4
            || !DimensionFits(input.Dimensions[1], settings.Height) || !DimensionFits(input.Dimensions[2], settings.Width)
            || !DimensionFits(input.Dimensions[3], 3))
        {
            throw new InvalidModelException(
                $"The model's '{ModelFileContract.InputName}' input is {input.ElementDataType} [{string.Join(", ", input.Dimensions)}]; expected UInt8 [N, {settings.Height}, {settings.Width}, 3] to match its metadata.");
        }

        if (!session.OutputMetadata.TryGetValue(ModelFileContract.OutputName, out var output))
        {
            throw new InvalidModelException($"The model has no output named '{ModelFileContract.OutputName}' (it has: {string.Join(", ", session.OutputMetadata.Keys)}).");
        }

        if (output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2 || !DimensionFits(output.Dimensions[1], metadata.Labels.Count))
        {
            throw new InvalidModelException(
                $"The model's '{ModelFileContract.OutputName}' output is {output.ElementDataType} [{string.Join(", ", output.Dimensions)}]; expected Float [N, {metadata.Labels.Count}] for its {metadata.Labels.Count} labels.",
                ModelMetadataKeys.Labels);
        }
    }

    // A symbolic dimension reads as -1 (or 0 in some exporters) and accepts any size.
    private static bool DimensionFits(long declared, int expected) => declared <= 0 || declared == expected;
}
