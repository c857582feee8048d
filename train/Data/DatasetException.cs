namespace ActressOnnx.Train.Data;

/// <summary>The dataset folder cannot be used as it is; the message says what to change.</summary>
internal sealed class DatasetException(string message, Exception? innerException = null) : Exception(message, innerException);
