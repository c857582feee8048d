namespace ActressOnnx.Train.Model;

/// <summary>
/// Zero padding of a 2-D window operation, which may differ before and after each spatial axis (CNTK pads 3 before and
/// 2 after for a 7x7 stride-2 convolution, where PyTorch pads 3 on both sides).
/// </summary>
internal readonly record struct Padding2d(int Top, int Left, int Bottom, int Right)
{
    /// <summary>The same padding on every side.</summary>
    public static Padding2d Uniform(int padding) => new(padding, padding, padding, padding);

    /// <summary><paramref name="before"/> above and left, <paramref name="after"/> below and right.</summary>
    public static Padding2d BeforeAfter(int before, int after) => new(before, before, after, after);

    /// <summary>Whether top equals bottom and left equals right, so the operation's own padding can express it.</summary>
    public bool IsSymmetric => Top == Bottom && Left == Right;

    /// <summary>ONNX's <c>pads</c> attribute: <c>[top, left, bottom, right]</c> (all begins, then all ends).</summary>
    public long[] ToOnnxPads() => [Top, Left, Bottom, Right];

    /// <summary><c>torch.nn.functional.pad</c>'s order for the last two axes: <c>[left, right, top, bottom]</c>.</summary>
    public long[] ToTorchPad() => [Left, Right, Top, Bottom];
}
