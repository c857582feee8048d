namespace ActressOnnx.Train.Model.Weights;

/// <summary>A weights file is missing, unreadable, or does not fit the network; the message says which tensor and what to do.</summary>
internal sealed class PretrainedWeightsException(string message, Exception? innerException = null) : Exception(message, innerException);
