namespace ActressOnnx.Storage;

/// <summary>A model repository problem: bad configuration, or a stored model that cannot be used.</summary>
public class ModelStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
