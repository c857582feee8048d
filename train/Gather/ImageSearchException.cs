namespace ActressOnnx.Train.Gather;

/// <summary>An image search (or URL list) could not be read: rejected key, error response, malformed answer.</summary>
internal sealed class ImageSearchException(string message, Exception? innerException = null) : Exception(message, innerException);
