using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Export;

/// <summary>A convolution with the batch norm that follows it folded in, as eval mode computes it.</summary>
/// <param name="Weight">Folded weight, row-major [out, in, kh, kw].</param>
/// <param name="WeightDims">The weight's shape.</param>
/// <param name="Bias">Folded bias, one per output channel.</param>
internal sealed record FoldedConvolution(float[] Weight, long[] WeightDims, float[] Bias)
{
    /// <summary>
    /// conv then batch norm equals one conv with <c>w' = w * s</c> and <c>b' = beta + (b - mean) * s</c>, where
    /// <c>s = gamma / sqrt(running_var + eps)</c> per output channel. Computed in float64 so folding adds no rounding of its own.
    /// </summary>
    public static FoldedConvolution Fold(Conv2d conv, BatchNorm2d norm)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(norm);
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new InvalidOperationException("Batch norm without running statistics cannot be folded; the model must be trained with track_running_stats.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = AsDouble(conv.weight!);
        var channels = weight.shape[0];
        if (norm.num_features != channels)
        {
            throw new InvalidOperationException($"Batch norm has {norm.num_features} channels but the convolution before it has {channels}.");
        }

        var gamma = norm.weight is null ? ones(channels, ScalarType.Float64) : AsDouble(norm.weight);
        var beta = norm.bias is null ? zeros(channels, ScalarType.Float64) : AsDouble(norm.bias);
        var convBias = conv.bias is null ? zeros(channels, ScalarType.Float64) : AsDouble(conv.bias);
        var scale = gamma / (AsDouble(norm.running_var) + norm.eps).sqrt();
        var foldedWeight = weight * scale.view(-1, 1, 1, 1);
        var foldedBias = beta + ((convBias - AsDouble(norm.running_mean)) * scale);
        return new FoldedConvolution(ToFloats(foldedWeight), weight.shape, ToFloats(foldedBias));
    }

    private static Tensor AsDouble(Tensor tensor) => tensor.detach().cpu().to_type(ScalarType.Float64);

    private static float[] ToFloats(Tensor tensor) => tensor.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
}
