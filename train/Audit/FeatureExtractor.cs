using ActressOnnx.Train.Model;
using ActressOnnx.Train.Model.Weights;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// The 512 pooled ImageNet features of every audited image from the pretrained ResNet18 body at the audit's small
/// decode size, L2-normalised per image: through ONNX Runtime for the ImageNet package (measured several times faster
/// than TorchSharp on CPU for the same features), through TorchSharp for a state dict given with --weights.
/// </summary>
internal static class FeatureExtractor
{
    public const int FeatureCount = 512;
    private const int BatchSize = 32;

    /// <param name="weightsFile">A state dict of the body instead of the ImageNet package (tests); null for ImageNet.</param>
    /// <returns><c>[images, 512]</c> row-major.</returns>
    /// <exception cref="PretrainedWeightsException">The weights cannot be loaded.</exception>
    public static float[] Extract(AuditInput input, string? weightsFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return weightsFile is null ? ExtractOnnx(input, cancellationToken) : ExtractTorch(input, weightsFile, cancellationToken);
    }

    private static float[] ExtractOnnx(AuditInput input, CancellationToken cancellationToken)
    {
        string path;
        try
        {
            path = PretrainedPackage.ModelPath;
        }
        catch (FileNotFoundException ex)
        {
            throw new PretrainedWeightsException(ex.Message, ex);
        }

        using var model = new OnnxFeatureModel(path);
        var count = input.Images.Count;
        var features = new float[count * FeatureCount];
        var batchBytes = new byte[BatchSize * input.PixelBytes];
        for (var start = 0; start < count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(BatchSize, count - start);
            for (var i = 0; i < n; i++)
            {
                input.GetPixels(start + i).CopyTo(batchBytes.AsSpan(i * input.PixelBytes));
            }

            model.Run(batchBytes.AsSpan(0, n * input.PixelBytes), n, input.Size, features.AsSpan(start * FeatureCount, n * FeatureCount));
        }

        return features;
    }

    private static float[] ExtractTorch(AuditInput input, string? weightsFile, CancellationToken cancellationToken)
    {
        var (model, _) = StartingModel.Create(1, PretrainedWeights.ImageNet, weightsFile, CPU);
        using var scope = model;
        model.eval();
        var normalization = model.Architecture == ResNetArchitecture.Cntk ? ImageNormalization.Cntk : ImageNormalization.ImageNet;
        var count = input.Images.Count;
        var features = new float[count * FeatureCount];
        var batchBytes = new byte[BatchSize * input.PixelBytes];
        using var noGrad = no_grad();
        for (var start = 0; start < count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(BatchSize, count - start);
            for (var i = 0; i < n; i++)
            {
                input.GetPixels(start + i).CopyTo(batchBytes.AsSpan(i * input.PixelBytes));
            }

            using var batchScope = NewDisposeScope();
            var bytes = empty([n, input.Size, input.Size, 3], ScalarType.Byte);
            bytes.bytes = batchBytes.AsSpan(0, n * input.PixelBytes);
            var pooled = model.Features(normalization.Apply(bytes));
            var normalised = pooled.div(pooled.norm(1, keepdim: true).clamp_min(1e-6));
            normalised.data<float>().CopyTo(features, start * FeatureCount);
        }

        return features;
    }

    /// <summary>Cosine similarity of images <paramref name="i"/> and <paramref name="j"/> (their features are unit length).</summary>
    public static float Cosine(float[] features, int i, int j)
    {
        var a = features.AsSpan(i * FeatureCount, FeatureCount);
        var b = features.AsSpan(j * FeatureCount, FeatureCount);
        var sum = 0f;
        for (var k = 0; k < FeatureCount; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }
}
