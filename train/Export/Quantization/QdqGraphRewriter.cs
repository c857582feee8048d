using ActressOnnx.Onnx;
using ActressOnnx.Onnx.Proto;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Applies a <see cref="QdqPlan"/> to a copy of an FP32 model: a QuantizeLinear/DequantizeLinear pair after every
/// planned activation (scale and zero point from its calibrated range), int8 per-channel weights and int32 biases
/// behind DequantizeLinear nodes, and the planned ReLUs removed. The result is plain ONNX (opset 13+ operators) that
/// any runtime can execute and that ONNX Runtime fuses into integer kernels.
/// </summary>
internal static class QdqGraphRewriter
{
    public static ModelProto Rewrite(ModelProto fp32, QdqPlan plan, IReadOnlyDictionary<string, TensorRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ranges);

        var model = fp32.Clone();
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var parameters = new Dictionary<string, ActivationQuantization>(StringComparer.Ordinal);
        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal);
        var added = new List<TensorProto>();
        var nodes = new List<NodeProto>();
        var fp32Nodes = plan.Fp32Nodes.ToHashSet();

        ActivationQuantization ParametersOf(string tensor)
        {
            var source = plan.Activations[tensor];
            if (!parameters.TryGetValue(source, out var quantization))
            {
                if (!ranges.TryGetValue(source, out var range))
                {
                    throw new QuantizationException($"Calibration measured no range for '{source}'; the calibration run did not reach it.");
                }

                quantization = ActivationQuantization.FromRange(range);
                parameters[source] = quantization;
                added.Add(InitializerData.Floats(source + ".q_scale", [quantization.Scale]));
                added.Add(InitializerData.UInt8(source + ".q_zero_point", [quantization.ZeroPoint]));
            }

            return quantization;
        }

        void AddQdq(string tensor)
        {
            ParametersOf(tensor);
            var source = plan.Activations[tensor];
            var scale = source + ".q_scale";
            var zeroPoint = source + ".q_zero_point";
            nodes.Add(Node("QuantizeLinear", [tensor, scale, zeroPoint], tensor + ".quantized"));
            nodes.Add(Node("DequantizeLinear", [tensor + ".quantized", scale, zeroPoint], tensor + ".dequantized"));
            dequantized[tensor] = tensor + ".dequantized";
        }

        foreach (var input in graph.Input.Where(i => plan.Activations.ContainsKey(i.Name)))
        {
            AddQdq(input.Name);
        }

        foreach (var original in graph.Node)
        {
            if (plan.RemovedNodes.Contains(original))
            {
                continue;
            }

            var node = original.Clone();
            for (var i = 0; i < node.Output.Count; i++)
            {
                if (plan.Renames.TryGetValue(node.Output[i], out var renamed))
                {
                    node.Output[i] = renamed;
                }
            }

            if (plan.WeightedNodes.Contains(original))
            {
                QuantizeWeights(node, initializers, ParametersOf(node.Input[0]).Scale, nodes, added);
            }

            // A layer kept in FP32 reads the float tensors even where another reader needs them quantized.
            for (var i = 0; i < node.Input.Count && !fp32Nodes.Contains(original); i++)
            {
                if (dequantized.TryGetValue(node.Input[i], out var replacement))
                {
                    node.Input[i] = replacement;
                }
            }

            nodes.Add(node);
            foreach (var output in node.Output.Where(plan.Activations.ContainsKey))
            {
                AddQdq(output);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var used = nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => used.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        graph.Initializer.AddRange(added);
        return model;
    }

    private static void QuantizeWeights(NodeProto node, Dictionary<string, TensorProto> initializers, float inputScale, List<NodeProto> nodes, List<TensorProto> added)
    {
        var weight = initializers[node.Input[1]];
        var axis = node.OpType switch
        {
            "Conv" => 0,
            "Gemm" => QdqPlan.Attribute(node, "transB") == 1 ? 0 : 1,
            _ => 1,
        };
        var (values, scales) = WeightQuantization.PerChannel(weight, axis);
        var name = weight.Name;
        added.Add(InitializerData.Int8(name + ".quantized", values, [.. weight.Dims]));
        added.Add(InitializerData.Floats(name + ".scale", scales, scales.Length));
        added.Add(InitializerData.Int8(name + ".zero_point", new sbyte[scales.Length], scales.Length));
        nodes.Add(Node("DequantizeLinear", [name + ".quantized", name + ".scale", name + ".zero_point"], name + ".dequantized", axis));
        node.Input[1] = name + ".dequantized";

        if (node.Input.Count > 2 && node.Input[2].Length > 0)
        {
            var bias = initializers[node.Input[2]];
            var (biasValues, biasScales) = WeightQuantization.Bias(bias, inputScale, scales);
            var biasName = bias.Name;
            added.Add(InitializerData.Int32(biasName + ".quantized", biasValues, biasValues.Length));
            added.Add(InitializerData.Floats(biasName + ".scale", biasScales, biasScales.Length));
            added.Add(InitializerData.Int32(biasName + ".zero_point", new int[biasScales.Length], biasScales.Length));
            nodes.Add(Node("DequantizeLinear", [biasName + ".quantized", biasName + ".scale", biasName + ".zero_point"], biasName + ".dequantized", 0));
            node.Input[2] = biasName + ".dequantized";
        }
    }

    private static NodeProto Node(string opType, string[] inputs, string output, int? axis = null)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (axis is { } value)
        {
            node.Attribute.Add(OnnxAttributes.IntScalar("axis", value));
        }

        return node;
    }
}
