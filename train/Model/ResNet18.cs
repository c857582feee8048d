using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ActressOnnx.Train.Model;

/// <summary>
/// ResNet18 with torchvision's structure and parameter names (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, ...,
/// <c>fc</c>), so torchvision and timm state dicts load into it unchanged. Block counts and padding come from a
/// <see cref="ResNetArchitecture"/>. Input is normalised float NCHW (see <see cref="Architecture"/>'s normalisation).
/// </summary>
internal sealed class ResNet18 : Module<Tensor, Tensor>
{
    /// <summary>The width of the pooled body features that the head reads.</summary>
    public const int FeatureCount = 512;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private Linear fc;

    public ResNet18(int numClasses) : this(numClasses, ResNetArchitecture.TorchVision)
    {
    }

    public ResNet18(int numClasses, ResNetArchitecture architecture) : base(nameof(ResNet18))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.BlocksPerStage is not { Length: 4 } blocks || blocks.Any(count => count < 1))
        {
            throw new ArgumentException("A ResNet has four stages of at least one block each.", nameof(architecture));
        }

        Architecture = architecture;
        var stem = architecture.StemPadding;
        conv1 = Conv2d(3, 64, kernel_size: 7, stride: 2, padding: stem.IsSymmetric ? stem.Top : 0, bias: false);
        bn1 = BatchNorm2d(64);
        relu = ReLU(inplace: true);
        var pool = architecture.MaxPoolPadding;
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: pool.IsSymmetric ? pool.Top : 0);
        var channels = ResNetArchitecture.StageChannels;
        layer1 = MakeLayer(architecture, 64, channels[0], 1, blocks[0]);
        layer2 = MakeLayer(architecture, channels[0], channels[1], 2, blocks[1]);
        layer3 = MakeLayer(architecture, channels[1], channels[2], 2, blocks[2]);
        layer4 = MakeLayer(architecture, channels[2], channels[3], 2, blocks[3]);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(FeatureCount, numClasses);
        RegisterComponents();
        InitializeLikeTorchvision();
    }

    public ResNetArchitecture Architecture { get; }

    public int NumClasses => (int)fc.out_features;

    public Conv2d Conv1 => conv1;

    public BatchNorm2d Bn1 => bn1;

    public MaxPool2d MaxPool => maxpool;

    public Linear Fc => fc;

    /// <summary>The four stages' block containers, in order.</summary>
    public IReadOnlyList<Sequential> Layers => [layer1, layer2, layer3, layer4];

    /// <summary>The blocks of all four stages, in forward order.</summary>
    public IEnumerable<BasicBlock> Blocks => Layers.SelectMany(layer => layer.children().Cast<BasicBlock>());

    /// <summary>Replaces the classifier head, e.g. after loading ImageNet weights for a new set of classes.</summary>
    public void ReplaceHead(int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        var device = fc.weight!.device;
        fc.Dispose();
        fc = Linear(FeatureCount, numClasses);
        fc.to(device);
        register_module(nameof(fc), fc);
    }

    /// <summary>The 512 pooled features of the body (everything but <c>fc</c>), <c>[N, 512]</c>.</summary>
    public Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = Pad(input, Architecture.StemPadding, 0);
        x = relu.forward(bn1.forward(conv1.forward(x)));
        x = maxpool.forward(Pad(x, Architecture.MaxPoolPadding, double.NegativeInfinity));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return avgpool.forward(x).flatten(1).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc.forward(Features(input)).MoveToOuterDisposeScope();
    }

    private static Tensor Pad(Tensor input, Padding2d padding, double value) =>
        padding.IsSymmetric ? input : functional.pad(input, padding.ToTorchPad(), PaddingModes.Constant, value);

    private static Sequential MakeLayer(ResNetArchitecture architecture, long inPlanes, long planes, long stride, int blocks)
    {
        var children = new (string, Module<Tensor, Tensor>)[blocks];
        for (var i = 0; i < blocks; i++)
        {
            var blockStride = i == 0 ? stride : 1;
            var padding = blockStride == 1 ? Padding2d.Uniform(1) : architecture.DownsamplePadding;
            children[i] = (i.ToString(CultureInfo.InvariantCulture), new BasicBlock("BasicBlock", i == 0 ? inPlanes : planes, planes, blockStride, padding));
        }

        return Sequential(children);
    }

    private void InitializeLikeTorchvision()
    {
        using var noGrad = torch.no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight!, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    init.ones_(norm.weight!);
                    init.zeros_(norm.bias!);
                    break;
            }
        }
    }
}
