using System.Globalization;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Model.Weights;

/// <summary>
/// Loads the ImageNet weights of ML.NET's CNTK-exported ResNet18 (<see cref="PretrainedPackage"/>) into a
/// <see cref="ResNet18"/> of architecture <see cref="ResNetArchitecture.Cntk"/>. The ONNX graph is walked along its
/// edges (conv1, max pool, then per block: 3x3 conv, BN, ReLU, 3x3 conv, BN, shortcut, Add, ReLU), and every
/// kernel, stride, padding and tensor shape is checked against the network, so a file of another structure fails
/// with the first mismatch instead of loading weights into the wrong places. The classifier head is left alone.
/// </summary>
internal static class CntkResNet18Importer
{
    /// <summary>Copies the backbone weights from <paramref name="onnxPath"/> into <paramref name="model"/>.</summary>
    /// <exception cref="PretrainedWeightsException">The file is missing, not ONNX, or not this ResNet18.</exception>
    public static void Load(ResNet18 model, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        if (model.Architecture != ResNetArchitecture.Cntk)
        {
            throw new ArgumentException($"CNTK's ResNet18 weights fit architecture '{ResNetArchitecture.Cntk.Name}', not '{model.Architecture.Name}'.", nameof(model));
        }

        var graph = Read(onnxPath).Graph;
        var walker = new GraphWalker(graph, onnxPath);
        using var noGrad = no_grad();
        var input = graph.Input.Select(i => i.Name).Except(graph.Initializer.Select(i => i.Name)).Single();

        var conv1 = walker.Consumer(input, "Conv");
        walker.CopyConv(conv1, model.Conv1, model.Architecture.StemPadding, "conv1", reverseInputChannels: true);
        var x = walker.CopyBatchNorm(walker.Consumer(conv1.Output[0], "BatchNormalization"), model.Bn1, "bn1");
        x = walker.Consumer(x, "Relu").Output[0];
        var pool = walker.Consumer(x, "MaxPool");
        walker.Expect(pool, "pads", model.Architecture.MaxPoolPadding.ToOnnxPads(), "maxpool");
        x = pool.Output[0];

        for (var stage = 0; stage < model.Layers.Count; stage++)
        {
            foreach (var (name, module) in model.Layers[stage].named_children())
            {
                x = CopyBlock(walker, (BasicBlock)module, $"layer{stage + 1}.{name}", x);
            }
        }

        if (walker.Consumers(x).FirstOrDefault()?.OpType is not ("AveragePool" or "GlobalAveragePool"))
        {
            throw walker.Mismatch($"after the last block ({model.Blocks.Count()} blocks) it does not end in an average pool; it has more blocks than '{model.Architecture.Name}'");
        }
    }

    private static string CopyBlock(GraphWalker walker, BasicBlock block, string name, string input)
    {
        var convs = walker.Consumers(input).Where(n => n.OpType == "Conv").ToList();
        var main = convs.FirstOrDefault(n => GraphWalker.Kernel(n) == 3)
            ?? throw walker.Mismatch($"no 3x3 convolution where {name} starts; the file has fewer blocks than '{ResNetArchitecture.Cntk.Name}'");
        walker.CopyConv(main, block.Conv1, block.Conv1Padding, name + ".conv1", reverseInputChannels: false);
        var x = walker.CopyBatchNorm(walker.Consumer(main.Output[0], "BatchNormalization"), block.Bn1, name + ".bn1");
        x = walker.Consumer(x, "Relu").Output[0];
        var conv2 = walker.Consumer(x, "Conv");
        walker.CopyConv(conv2, block.Conv2, BasicBlock.Conv2Padding, name + ".conv2", reverseInputChannels: false);
        x = walker.CopyBatchNorm(walker.Consumer(conv2.Output[0], "BatchNormalization"), block.Bn2, name + ".bn2");

        var identity = input;
        var shortcut = convs.FirstOrDefault(n => GraphWalker.Kernel(n) == 1);
        if (block.Downsample is var (conv, norm))
        {
            if (shortcut is null)
            {
                throw walker.Mismatch($"{name} has no 1x1 shortcut convolution");
            }

            walker.CopyConv(shortcut, conv, default, name + ".downsample.0", reverseInputChannels: false);
            identity = walker.CopyBatchNorm(walker.Consumer(shortcut.Output[0], "BatchNormalization"), norm, name + ".downsample.1");
        }
        else if (shortcut is not null)
        {
            throw walker.Mismatch($"{name} has a shortcut convolution the network does not");
        }

        var add = walker.Consumer(x, "Add");
        if (!add.Input.Contains(identity))
        {
            throw walker.Mismatch($"the residual Add of {name} does not take the block's shortcut");
        }

        return walker.Consumer(add.Output[0], "Relu").Output[0];
    }

    private static ModelProto Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PretrainedWeightsException($"The pretrained weights file '{path}' does not exist; run 'dotnet restore' or train with --pretrained none.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or IOException or UnauthorizedAccessException)
        {
            throw new PretrainedWeightsException($"Cannot read '{path}' as an ONNX model ({ex.Message}); restore the package again or train with --pretrained none.", ex);
        }
    }

    private sealed class GraphWalker(GraphProto graph, string path)
    {
        private readonly ILookup<string, NodeProto> consumers = graph.Node
            .SelectMany(node => node.Input.Select(input => (input, node)))
            .ToLookup(pair => pair.input, pair => pair.node);

        private readonly Dictionary<string, TensorProto> initializers = graph.Initializer.ToDictionary(t => t.Name);

        public IEnumerable<NodeProto> Consumers(string tensor) => consumers[tensor];

        public NodeProto Consumer(string tensor, string opType) =>
            consumers[tensor].FirstOrDefault(n => n.OpType == opType)
            ?? throw Mismatch($"no {opType} follows '{tensor}'");

        public static long Kernel(NodeProto conv) => Ints(conv, "kernel_shape").FirstOrDefault();

        public void Expect(NodeProto node, string attribute, long[] expected, string name)
        {
            var actual = Ints(node, attribute);
            if (!actual.SequenceEqual(expected))
            {
                throw Mismatch($"{name} has {attribute} [{string.Join(",", actual)}], the network expects [{string.Join(",", expected)}]");
            }
        }

        public void CopyConv(NodeProto node, Conv2d conv, Padding2d padding, string name, bool reverseInputChannels)
        {
            Expect(node, "kernel_shape", conv.kernel_size, name);
            Expect(node, "strides", conv.stride, name);
            Expect(node, "pads", padding.ToOnnxPads(), name);
            if (node.Input.Count > 2)
            {
                throw Mismatch($"{name} has a bias, which ResNet's convolutions do not");
            }

            using var scope = NewDisposeScope();
            var weight = Tensor(node.Input[1], conv.weight!, name + ".weight");
            if (reverseInputChannels)
            {
                weight = weight.flip(1);
            }

            conv.weight!.copy_(weight);
        }

        /// <returns>The batch norm's output.</returns>
        public string CopyBatchNorm(NodeProto node, BatchNorm2d norm, string name)
        {
            var epsilon = node.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            if (Math.Abs(epsilon - norm.eps) > 1e-7)
            {
                throw Mismatch(string.Create(CultureInfo.InvariantCulture, $"{name} has epsilon {epsilon}, the network uses {norm.eps}"));
            }

            using var scope = NewDisposeScope();
            norm.weight!.copy_(Tensor(node.Input[1], norm.weight!, name + ".weight"));
            norm.bias!.copy_(Tensor(node.Input[2], norm.bias!, name + ".bias"));
            norm.running_mean!.copy_(Tensor(node.Input[3], norm.running_mean!, name + ".running_mean"));
            norm.running_var!.copy_(Tensor(node.Input[4], norm.running_var!, name + ".running_var"));
            return node.Output[0];
        }

        public PretrainedWeightsException Mismatch(string what) =>
            new($"'{path}' is not the ResNet18 this trainer imports: {what}. Use the file from the {PretrainedPackage.PackageId} package or train with --pretrained none.");

        private Tensor Tensor(string initializer, Tensor target, string name)
        {
            if (!initializers.TryGetValue(initializer, out var proto))
            {
                throw Mismatch($"{name} ('{initializer}') is not an initializer");
            }

            var dims = proto.Dims.ToArray();
            if (!dims.SequenceEqual(target.shape))
            {
                throw Mismatch($"{name} has shape [{string.Join(",", dims)}], the network expects [{string.Join(",", target.shape)}]");
            }

            if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            {
                throw Mismatch($"{name} is not float32");
            }

            float[] values = proto.RawData.Length > 0
                ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray()
                : [.. proto.FloatData];
            if (values.LongLength != target.numel())
            {
                throw Mismatch($"{name} holds {values.Length} values, the network expects {target.numel()}");
            }

            return tensor(values, target.shape, dtype: ScalarType.Float32, device: target.device);
        }

        private static long[] Ints(NodeProto node, string attribute) =>
            node.Attribute.FirstOrDefault(a => a.Name == attribute)?.Ints.ToArray() ?? [];
    }
}
