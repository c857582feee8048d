namespace ActressOnnx.Imaging;

/// <summary>Thrown when bytes cannot be decoded into an image; <see cref="Error"/> says why.</summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageDecodeException(ImageDecodeError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>The kind of failure.</summary>
    public ImageDecodeError Error { get; }
}
