namespace ActressOnnx.Inference;

/// <summary>
/// Thrown when a model file cannot serve as a classifier: it is not ONNX, its inputs or outputs break the contract,
/// or a metadata entry is missing or malformed (<see cref="MetadataKey"/> names it).
/// </summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidModelException(string message, string? metadataKey = null, Exception? innerException = null)
        : base(message, innerException)
    {
        MetadataKey = metadataKey;
    }

    /// <summary>The metadata key at fault, or null when the problem is not about metadata.</summary>
    public string? MetadataKey { get; }
}
