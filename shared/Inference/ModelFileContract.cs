namespace ActressOnnx.Inference;

/// <summary>
/// The model file contract shared by the exporter (train/) and the classifier (serving): the graph's input and output,
/// and, in <see cref="ModelMetadataKeys"/> and <see cref="ClassifierMetadata"/>, the metadata entries with their
/// writing (<see cref="ClassifierMetadata.ToEntries"/>) and parsing (<see cref="ClassifierMetadata.Parse"/>).
/// </summary>
public static class ModelFileContract
{
    /// <summary>Name of the model input: uint8 [N, H, W, 3] RGB pixels, H and W from the metadata.</summary>
    public const string InputName = "image";

    /// <summary>Name of the model output: float [N, C] softmax probabilities, in the order of the labels entry.</summary>
    public const string OutputName = "probabilities";
}
