namespace ActressOnnx.Train.Training;

/// <summary>Training cannot run with the given settings; the message says what to change.</summary>
internal sealed class TrainingException(string message, Exception? innerException = null) : Exception(message, innerException);
