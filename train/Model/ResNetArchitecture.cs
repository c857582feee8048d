namespace ActressOnnx.Train.Model;

/// <summary>
/// What distinguishes one ResNet18 variant from another, as data: residual blocks per stage, the padding of the
/// stem convolution, of the stride-2 3x3 convolutions and of the max pool, and the input normalisation the weights
/// expect. <see cref="ResNet18"/>, the ONNX exporter and the weight importers all read it from here.
/// </summary>
/// <param name="Name">Stored in checkpoints and the exported model's metadata.</param>
/// <param name="BlocksPerStage">Basic blocks in each of the four stages (64, 128, 256, 512 channels).</param>
/// <param name="StemPadding">Padding of the 7x7 stride-2 <c>conv1</c>.</param>
/// <param name="DownsamplePadding">Padding of the first 3x3 convolution of stages 2-4, which has stride 2.</param>
/// <param name="MaxPoolPadding">Padding of the 3x3 stride-2 max pool (padded values never win).</param>
/// <param name="Normalization">How RGB pixels become the network's input.</param>
internal sealed record ResNetArchitecture(
    string Name,
    int[] BlocksPerStage,
    Padding2d StemPadding,
    Padding2d DownsamplePadding,
    Padding2d MaxPoolPadding,
    ImageNormalization Normalization)
{
    /// <summary>torchvision's <c>resnet18</c>: 2-2-2-2 blocks, symmetric padding, ImageNet mean and std on 0..1 RGB.</summary>
    public static ResNetArchitecture TorchVision { get; } = new(
        "resnet18",
        [2, 2, 2, 2],
        Padding2d.Uniform(3),
        Padding2d.Uniform(1),
        Padding2d.Uniform(1),
        ImageNormalization.ImageNet);

    /// <summary>
    /// The ImageNet ResNet18 that ML.NET ships (exported by CNTK 2.6): a third block in the last stage, CNTK's
    /// padding (more before than after), and 0..255 pixels minus the per-channel ImageNet mean (see
    /// <see cref="ImageNormalization.Cntk"/>).
    /// </summary>
    public static ResNetArchitecture Cntk { get; } = new(
        "resnet18-cntk",
        [2, 2, 2, 3],
        Padding2d.BeforeAfter(3, 2),
        Padding2d.BeforeAfter(1, 0),
        Padding2d.BeforeAfter(1, 0),
        ImageNormalization.Cntk);

    public static IReadOnlyList<ResNetArchitecture> All { get; } = [TorchVision, Cntk];

    /// <summary>The architecture called <paramref name="name"/>, or null.</summary>
    public static ResNetArchitecture? Find(string? name) => All.FirstOrDefault(a => a.Name == name);

    public static IReadOnlyList<int> StageChannels { get; } = [64, 128, 256, 512];

    /// <summary>
    /// Whether an input of <paramref name="size"/> pixels (height or width) flows through the network: every stage's
    /// stride-2 3x3 convolution must give as many rows as its 1x1 stride-2 shortcut, or the residual Add fails.
    /// With CNTK's padding (nothing after) that holds only for multiples of 32 plus at most 3; torchvision's padding
    /// takes any size from 1 up.
    /// </summary>
    public bool Accepts(int size)
    {
        var n = Window(size, StemPadding.Top, StemPadding.Bottom, 7);
        n = Window(n, MaxPoolPadding.Top, MaxPoolPadding.Bottom, 3);
        for (var stage = 1; stage < BlocksPerStage.Length; stage++)
        {
            if (n < 1)
            {
                return false;
            }

            var main = Window(n, DownsamplePadding.Top, DownsamplePadding.Bottom, 3);
            if (main < 1 || main != ((n - 1) / 2) + 1)
            {
                return false;
            }

            n = main;
        }

        return n >= 1;
    }

    // Output rows of a stride-2 window; 0 when the padded input is smaller than the kernel (the convolution cannot run).
    private static int Window(int size, int before, int after, int kernel) =>
        size + before + after < kernel ? 0 : ((size + before + after - kernel) / 2) + 1;

    public bool Equals(ResNetArchitecture? other) => other is not null && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
