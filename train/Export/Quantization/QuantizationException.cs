namespace ActressOnnx.Train.Export.Quantization;

/// <summary>The model or the calibration set cannot give a trustworthy INT8 model; the message says what to change.</summary>
internal sealed class QuantizationException(string message, Exception? innerException = null) : Exception(message, innerException);
