using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ActressOnnx.Train.Model;

/// <summary>
/// ResNet18 with torchvision's structure and parameter names (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, ...,
/// <c>fc</c>), so torchvision and timm state dicts load into it unchanged. Input is normalised float NCHW.
/// </summary>
internal sealed class ResNet18 : Module<Tensor, Tensor>
{
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

    public ResNet18(int numClasses) : base(nameof(ResNet18))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        conv1 = Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        relu = ReLU(inplace: true);
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        layer1 = MakeLayer(64, 64, 1);
        layer2 = MakeLayer(64, 128, 2);
        layer3 = MakeLayer(128, 256, 2);
        layer4 = MakeLayer(256, 512, 2);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(512, numClasses);
        RegisterComponents();
        InitializeLikeTorchvision();
    }

    public int NumClasses => (int)fc.out_features;

    public Conv2d Conv1 => conv1;

    public BatchNorm2d Bn1 => bn1;

    public Linear Fc => fc;

    /// <summary>The sixteen residual blocks' parents, in order.</summary>
    public IReadOnlyList<Sequential> Layers => [layer1, layer2, layer3, layer4];

    /// <summary>The blocks of all four stages, in forward order.</summary>
    public IEnumerable<BasicBlock> Blocks => Layers.SelectMany(layer => layer.children().Cast<BasicBlock>());

    /// <summary>Replaces the classifier head, e.g. after loading ImageNet weights for a new set of classes.</summary>
    public void ReplaceHead(int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        var device = fc.weight!.device;
        fc.Dispose();
        fc = Linear(512, numClasses);
        fc.to(device);
        register_module(nameof(fc), fc);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.forward(relu.forward(bn1.forward(conv1.forward(input))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        x = avgpool.forward(x).flatten(1);
        return fc.forward(x).MoveToOuterDisposeScope();
    }

    private static Sequential MakeLayer(long inPlanes, long planes, long stride) =>
        Sequential(
            ("0", new BasicBlock("BasicBlock", inPlanes, planes, stride)),
            ("1", new BasicBlock("BasicBlock", planes, planes, 1)));

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
