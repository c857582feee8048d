using static TorchSharp.torch;

namespace ActressOnnx.Train.Model;

/// <summary>
/// Turns decoded RGB bytes (uint8 NHWC, as <see cref="ActressOnnx.Imaging.ImageDecoder"/> writes them) into the
/// normalised float NCHW tensor the network takes. The exported ONNX graph performs exactly these steps, with these
/// constants, so training, export verification and serving agree.
/// </summary>
internal sealed record ImageNormalization(float[] Mean, float[] Std)
{
    /// <summary>ImageNet channel statistics (RGB, 0..1 scale), which pretrained ResNets expect.</summary>
    public static ImageNormalization ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>
    /// What ML.NET's CNTK ResNet18 expects: 0..255 pixels (std <c>1/255</c>) minus the ImageNet mean. Its own
    /// preprocessing subtracts a 224x224 mean image; these are that image's per-channel means (R, G, B), which
    /// apply at any input size and under crops and flips, where a per-pixel mean would not line up. The weights
    /// take RGB: the importer reverses conv1's input channels, which were BGR.
    /// </summary>
    public static ImageNormalization Cntk { get; } = new(
        [123.151634f / 255f, 115.902885f / 255f, 103.062624f / 255f],
        [1f / 255f, 1f / 255f, 1f / 255f]);

    /// <summary>Per-channel multiplier: <c>1 / (255 * std)</c>.</summary>
    public float[] Scale => Std.Select(s => (float)(1.0 / (255.0 * s))).ToArray();

    /// <summary>Per-channel offset: <c>-mean / std</c>.</summary>
    public float[] Offset => Mean.Zip(Std, (m, s) => (float)(-(double)m / s)).ToArray();

    /// <summary>uint8 [N,H,W,3] → float [N,3,H,W] computed as <c>x * Scale + Offset</c>.</summary>
    public Tensor Apply(Tensor nhwcBytes)
    {
        using var scope = NewDisposeScope();
        var device = nhwcBytes.device;
        var scale = tensor(Scale, device: device).view(1, 3, 1, 1);
        var offset = tensor(Offset, device: device).view(1, 3, 1, 1);
        var x = nhwcBytes.to_type(ScalarType.Float32).permute(0, 3, 1, 2);
        return x.mul(scale).add_(offset).contiguous().MoveToOuterDisposeScope();
    }
}
