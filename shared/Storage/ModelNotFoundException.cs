namespace ActressOnnx.Storage;

/// <summary>No model has been published under the name (or the container does not exist yet).</summary>
public sealed class ModelNotFoundException : ModelStorageException
{
    /// <summary>Creates the exception.</summary>
    public ModelNotFoundException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
