namespace ActressOnnx.Storage;

/// <summary>The pointer changed between reading and writing it (another publish or rollback won); nothing was written.</summary>
public sealed class ModelPointerConflictException : ModelStorageException
{
    /// <summary>Creates the exception.</summary>
    public ModelPointerConflictException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
