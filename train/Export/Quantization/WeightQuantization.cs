using ActressOnnx.Onnx.Proto;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Per-channel symmetric int8 weights (range -127..127, zero point 0) and int32 biases whose scale is the input's
/// scale times the weight channel's scale: the layout ONNX Runtime's QLinearConv, QGemm and MatMulInteger kernels take.
/// </summary>
internal static class WeightQuantization
{
    /// <summary>Quantizes <paramref name="weight"/> along <paramref name="axis"/>; returns the int8 values and one scale per channel.</summary>
    public static (sbyte[] Values, float[] Scales) PerChannel(TensorProto weight, int axis)
    {
        var values = InitializerData.ReadFloats(weight);
        var dims = weight.Dims.ToArray();
        if (axis < 0 || axis >= dims.Length)
        {
            throw new QuantizationException($"Weight '{weight.Name}' has {dims.Length} dimensions; cannot quantize along axis {axis}.");
        }

        var channels = (int)dims[axis];
        var inner = 1L;
        for (var d = axis + 1; d < dims.Length; d++)
        {
            inner *= dims[d];
        }

        var maxAbs = new float[channels];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = (int)(i / inner % channels);
            maxAbs[channel] = Math.Max(maxAbs[channel], Math.Abs(values[i]));
        }

        var scales = maxAbs.Select(m => m > 0 && float.IsFinite(m) ? m / 127f : 1f).ToArray();
        var quantized = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = (int)(i / inner % channels);
            quantized[i] = (sbyte)Math.Clamp(Math.Round(values[i] / scales[channel], MidpointRounding.ToEven), -127, 127);
        }

        return (quantized, scales);
    }

    /// <summary>Quantizes a bias to int32 with scale <c>inputScale * weightScales[c]</c> per output channel.</summary>
    public static (int[] Values, float[] Scales) Bias(TensorProto bias, float inputScale, float[] weightScales)
    {
        var values = InitializerData.ReadFloats(bias);
        if (values.Length != weightScales.Length)
        {
            throw new QuantizationException($"Bias '{bias.Name}' has {values.Length} values but its weight has {weightScales.Length} output channels.");
        }

        var scales = new float[values.Length];
        var quantized = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scales[i] = inputScale * weightScales[i];
            quantized[i] = (int)Math.Clamp(Math.Round(values[i] / scales[i], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }

        return (quantized, scales);
    }
}
