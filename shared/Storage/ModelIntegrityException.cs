namespace ActressOnnx.Storage;

/// <summary>The stored model does not match what its pointer promises: the blob was changed or damaged after publishing.</summary>
public sealed class ModelIntegrityException : ModelStorageException
{
    /// <summary>Creates the exception.</summary>
    public ModelIntegrityException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
