namespace ActressOnnx.Train.Training;

/// <summary>A file is not a checkpoint this version can read (wrong kind of file, newer format, or damaged).</summary>
internal sealed class CheckpointFormatException(string message, Exception? innerException = null) : Exception(message, innerException);
