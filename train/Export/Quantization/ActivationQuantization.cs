namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Asymmetric uint8 parameters of one activation tensor: <c>real = (q - ZeroPoint) * Scale</c>. The range always
/// covers 0 so that zero (padding, a ReLU's floor) is exact; a range that starts at 0 gets zero point 0, which is
/// what lets ONNX Runtime drop the ReLU that produced it.
/// </summary>
internal readonly record struct ActivationQuantization(float Scale, byte ZeroPoint)
{
    public static ActivationQuantization FromRange(TensorRange range)
    {
        var min = Math.Min(0f, range.Min);
        var max = Math.Max(0f, range.Max);
        if (!float.IsFinite(min) || !float.IsFinite(max))
        {
            throw new QuantizationException($"A calibration run produced a non-finite activation ({range.Min}..{range.Max}); the model overflows on the calibration images and cannot be quantized.");
        }

        if (max - min < 1e-12f)
        {
            return new ActivationQuantization(1f, 0);
        }

        var scale = (max - min) / 255f;
        var zeroPoint = Math.Clamp(Math.Round(-min / scale, MidpointRounding.ToEven), 0, 255);
        return new ActivationQuantization(scale, (byte)zeroPoint);
    }

    /// <summary>What <paramref name="value"/> becomes after QuantizeLinear and DequantizeLinear with these parameters (round half to even, saturating).</summary>
    public double RoundTrip(double value)
    {
        var quantized = Math.Clamp(Math.Round(value / Scale, MidpointRounding.ToEven) + ZeroPoint, 0, 255);
        return (quantized - ZeroPoint) * Scale;
    }
}
