using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ActressOnnx.Train.Model;

/// <summary>torchvision's ResNet BasicBlock: two 3x3 convolutions with a residual connection.</summary>
/// <remarks>
/// Field names are torchvision's, so state-dict keys match (<c>layer1.0.conv1.weight</c> ...). The first
/// convolution's padding is data (<see cref="Conv1Padding"/>): symmetric padding is the convolution's own, asymmetric
/// padding (CNTK's) is applied explicitly before it.
/// </remarks>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(string name, long inPlanes, long planes, long stride, Padding2d conv1Padding) : base(name)
    {
        Conv1Padding = conv1Padding;
        conv1 = Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: conv1Padding.IsSymmetric ? conv1Padding.Top : 0, bias: false);
        bn1 = BatchNorm2d(planes);
        relu = ReLU(inplace: true);
        conv2 = Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
        {
            downsample = Sequential(
                Conv2d(inPlanes, planes, kernel_size: 1, stride: stride, bias: false),
                BatchNorm2d(planes));
        }

        RegisterComponents();
    }

    public long Stride => conv1.stride[0];

    /// <summary>The padding of <see cref="Conv1"/>, whether the convolution applies it or the block does.</summary>
    public Padding2d Conv1Padding { get; }

    /// <summary>The padding of <see cref="Conv2"/> (always one pixel on every side).</summary>
    public static Padding2d Conv2Padding => Padding2d.Uniform(1);

    public Conv2d Conv1 => conv1;

    public BatchNorm2d Bn1 => bn1;

    public Conv2d Conv2 => conv2;

    public BatchNorm2d Bn2 => bn2;

    /// <summary>The 1x1 convolution and batch norm of the shortcut, when the block changes shape.</summary>
    public (Conv2d Conv, BatchNorm2d Norm)? Downsample =>
        downsample is null ? null : ((Conv2d)downsample[0], (BatchNorm2d)downsample[1]);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? input : downsample.forward(input);
        var padded = Conv1Padding.IsSymmetric ? input : functional.pad(input, Conv1Padding.ToTorchPad());
        var x = relu.forward(bn1.forward(conv1.forward(padded)));
        x = bn2.forward(conv2.forward(x));
        x = x.add_(identity);
        return relu.forward(x).MoveToOuterDisposeScope();
    }
}
