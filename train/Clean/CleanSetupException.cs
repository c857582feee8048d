namespace ActressOnnx.Train.Clean;

/// <summary>The dataset or checkpoint given to <c>clean</c> cannot be used; the message says what to do.</summary>
internal sealed class CleanSetupException(string message, Exception? innerException = null) : Exception(message, innerException);
