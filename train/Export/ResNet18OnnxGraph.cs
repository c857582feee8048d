using System.Globalization;
using ActressOnnx.Onnx;
using ActressOnnx.Onnx.Proto;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Train.Export;

/// <summary>
/// Translates an eval-mode <see cref="ResNet18"/> into an ONNX graph: uint8 NHWC image in ("image"), class probabilities
/// out ("probabilities"), with the architecture's <see cref="ImageNormalization"/> and every batch norm folded into the graph, and
/// each convolution's and the max pool's padding as the architecture gives it (asymmetric where CNTK's is).
/// </summary>
internal static class ResNet18OnnxGraph
{
    public const string InputName = Inference.ModelFileContract.InputName;
    public const string OutputName = Inference.ModelFileContract.OutputName;
    public const string BatchDimension = "batch";

    /// <param name="model">The eval-mode model.</param>
    /// <param name="info">Its labels and preprocessing.</param>
    /// <param name="testTimeAugmentation">Average each image's probabilities with its mirror image's (<see cref="TestTimeAugmentationGraph"/>).</param>
    public static ModelProto Build(ResNet18 model, CheckpointInfo info, bool testTimeAugmentation = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var preprocess = info.Preprocess.Validate();
        if (info.Labels.Count != model.NumClasses)
        {
            throw new ArgumentException($"The checkpoint lists {info.Labels.Count} labels but the model has {model.NumClasses} outputs; the checkpoint is inconsistent.", nameof(info));
        }

        var graph = new OnnxGraphBuilder("actressonnx_" + info.Architecture)
        {
            ProducerVersion = typeof(ResNet18OnnxGraph).Assembly.GetName().Version?.ToString() ?? "",
            DocString = string.Create(CultureInfo.InvariantCulture, $"{info.Architecture} classifier for {info.Labels.Count} classes. Input '{InputName}': uint8 RGB pixels [batch, {preprocess.Height}, {preprocess.Width}, 3]; output '{OutputName}': softmax probabilities [batch, {info.Labels.Count}] in the order of the '{Inference.ModelMetadataKeys.Labels}' metadata."),
        };
        graph.AddInput(InputName, DataType.Uint8, BatchDimension, preprocess.Height, preprocess.Width, 3);

        var architecture = model.Architecture;
        var x = Normalize(graph, InputName, architecture.Normalization);
        if (testTimeAugmentation)
        {
            x = TestTimeAugmentationGraph.WithMirrorImages(graph, x);
        }

        x = Convolution(graph, "conv1", model.Conv1, model.Bn1, architecture.StemPadding, x);
        x = graph.AddNode("Relu", [x], "relu");
        x = MaxPool(graph, model.MaxPool, architecture.MaxPoolPadding, x);
        for (var stage = 0; stage < model.Layers.Count; stage++)
        {
            foreach (var (name, block) in model.Layers[stage].named_children())
            {
                x = Block(graph, $"layer{stage + 1}.{name}", (BasicBlock)block, x);
            }
        }

        x = graph.AddNode("GlobalAveragePool", [x], "avgpool");
        x = graph.AddNode("Flatten", [x], "flatten", OnnxAttributes.IntScalar("axis", 1));
        x = Linear(graph, "fc", model.Fc, x);
        if (testTimeAugmentation)
        {
            x = graph.AddNode("Softmax", [x], "tta.probabilities", OnnxAttributes.IntScalar("axis", 1));
            TestTimeAugmentationGraph.AverageWithMirror(graph, x, model.NumClasses, OutputName);
            graph.DocString += " Test-time augmentation: each probability row is the average of the image's and its horizontal mirror image's.";
        }
        else
        {
            graph.AddNode("Softmax", [x], OutputName, OnnxAttributes.IntScalar("axis", 1));
        }

        graph.AddOutput(OutputName, DataType.Float, BatchDimension, model.NumClasses);

        foreach (var (key, value) in ExportMetadata.From(info))
        {
            graph.AddMetadata(key, value);
        }

        if (testTimeAugmentation)
        {
            graph.AddMetadata(Inference.ModelMetadataKeys.TestTimeAugmentation, TestTimeAugmentationGraph.MetadataValue);
        }

        return graph.Build();
    }

    // Cast -> NHWC to NCHW -> x * scale + offset: the same arithmetic as ImageNormalization.Apply, with the
    // architecture's constants.
    private static string Normalize(OnnxGraphBuilder graph, string image, ImageNormalization normalization)
    {
        var scale = graph.AddInitializer("normalize.scale", normalization.Scale, 1, 3, 1, 1);
        var offset = graph.AddInitializer("normalize.offset", normalization.Offset, 1, 3, 1, 1);
        var x = graph.AddNode("Cast", [image], "image_float", OnnxAttributes.IntScalar("to", (long)DataType.Float));
        x = graph.AddNode("Transpose", [x], "image_nchw", OnnxAttributes.IntList("perm", 0, 3, 1, 2));
        x = graph.AddNode("Mul", [x, scale], "image_scaled");
        return graph.AddNode("Add", [x, offset], "normalized");
    }

    private static string Block(OnnxGraphBuilder graph, string prefix, BasicBlock block, string input)
    {
        var x = Convolution(graph, prefix + ".conv1", block.Conv1, block.Bn1, block.Conv1Padding, input);
        x = graph.AddNode("Relu", [x], prefix + ".relu1");
        x = Convolution(graph, prefix + ".conv2", block.Conv2, block.Bn2, BasicBlock.Conv2Padding, x);
        var identity = block.Downsample is var (conv, norm)
            ? Convolution(graph, prefix + ".downsample.0", conv, norm, default, input)
            : input;
        x = graph.AddNode("Add", [x, identity], prefix + ".add");
        return graph.AddNode("Relu", [x], prefix + ".relu2");
    }

    // Initializers keep torchvision's names (conv1.weight, layer1.0.downsample.0.weight, ...); the folded bias takes
    // the name the convolution's own bias would have. `padding` is the whole zero padding the model applies, its
    // own or the convolution's; ONNX's Conv takes asymmetric pads natively.
    private static string Convolution(OnnxGraphBuilder graph, string name, Conv2d conv, BatchNorm2d norm, Padding2d padding, string input)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros || conv.padding_type is not null || conv.padding is null)
        {
            throw new NotSupportedException($"Convolution '{name}' uses padding the exporter does not translate; only explicit zero padding is supported.");
        }

        if (conv.padding.Any(p => p != 0) && padding != Padding2d.Uniform((int)conv.padding[0]))
        {
            throw new InvalidOperationException($"Convolution '{name}' pads {conv.padding[0]} itself but the architecture says {padding}; the model is inconsistent.");
        }

        var folded = FoldedConvolution.Fold(conv, norm);
        var weight = graph.AddInitializer(name + ".weight", folded.Weight, folded.WeightDims);
        var bias = graph.AddInitializer(name + ".bias", folded.Bias, folded.Bias.Length);
        return graph.AddNode(
            "Conv",
            [input, weight, bias],
            name,
            OnnxAttributes.IntList("kernel_shape", conv.kernel_size),
            OnnxAttributes.IntList("strides", conv.stride),
            OnnxAttributes.IntList("pads", padding.ToOnnxPads()),
            OnnxAttributes.IntList("dilations", conv.dilation),
            OnnxAttributes.IntScalar("group", conv.groups));
    }

    // ONNX's MaxPool ignores padded cells, as the -inf padding and max pool of the model do.
    private static string MaxPool(OnnxGraphBuilder graph, MaxPool2d pool, Padding2d padding, string input)
    {
        if (pool.dilation is { } dilation && dilation.Any(d => d != 1))
        {
            throw new NotSupportedException("Dilated max pooling is not supported by the exporter.");
        }

        return graph.AddNode(
            "MaxPool",
            [input],
            "maxpool",
            OnnxAttributes.IntList("kernel_shape", pool.kernel_size),
            OnnxAttributes.IntList("strides", pool.stride ?? pool.kernel_size),
            OnnxAttributes.IntList("pads", padding.ToOnnxPads()),
            OnnxAttributes.IntScalar("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private static string Linear(OnnxGraphBuilder graph, string name, Linear linear, string input)
    {
        using var scope = NewDisposeScope();
        var weight = linear.weight!.detach().cpu().contiguous();
        var bias = linear.bias is null ? zeros(linear.out_features) : linear.bias.detach().cpu();
        var weightName = graph.AddInitializer(name + ".weight", weight.data<float>().ToArray(), weight.shape);
        var biasName = graph.AddInitializer(name + ".bias", bias.contiguous().data<float>().ToArray(), linear.out_features);
        return graph.AddNode("Gemm", [input, weightName, biasName], "logits", OnnxAttributes.IntScalar("transB", 1));
    }
}
