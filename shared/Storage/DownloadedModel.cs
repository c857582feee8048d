namespace ActressOnnx.Storage;

/// <summary>A model file fetched from storage whose SHA-256 matched its pointer.</summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Published">The version that was downloaded.</param>
/// <param name="Content">The ONNX file's bytes.</param>
public sealed record DownloadedModel(string ModelName, ModelPointer Published, byte[] Content);
