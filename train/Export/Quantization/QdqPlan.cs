using ActressOnnx.Onnx.Proto;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Decides, from the graph alone, where an FP32 graph gets QuantizeLinear/DequantizeLinear pairs, following ONNX
/// Runtime's QDQ rules: the activation entering every Conv, Gemm and MatMul is quantized, as is the output of each
/// Conv and residual Add (these become QLinearConv / QLinearAdd); a ReLU that alone consumes such an output is removed,
/// because uint8 with zero point 0 clips at 0 exactly as the ReLU does; max pooling, flattening and reshaping keep
/// their input's parameters (ONNX Runtime then runs them on uint8 directly); average pooling gets its own. Other
/// supported operators stay in float and read the dequantized values.
/// </summary>
internal sealed class QdqPlan
{
    private static readonly HashSet<string> WeightedOps = ["Conv", "Gemm", "MatMul"];
    private static readonly HashSet<string> SameParameterOps = ["MaxPool", "Flatten", "Reshape", "Identity"];
    private static readonly HashSet<string> OwnParameterOps = ["AveragePool", "GlobalAveragePool"];
    private static readonly HashSet<string> FloatOps = ["Cast", "Transpose", "Mul", "Sub", "Div", "Softmax", "Sigmoid", "Pad", "BatchNormalization", "Concat"];

    private QdqPlan(Dictionary<string, string> activations, Dictionary<string, string> renames, HashSet<NodeProto> removed, HashSet<NodeProto> weighted)
    {
        Activations = activations;
        Renames = renames;
        RemovedNodes = removed;
        WeightedNodes = weighted;
    }

    /// <summary>Every activation that gets a Q/DQ pair, mapped to the tensor whose calibrated range sets its scale and zero point.</summary>
    public IReadOnlyDictionary<string, string> Activations { get; }

    /// <summary>Outputs renamed because the ReLU after them was removed: old name to the ReLU's output name.</summary>
    public IReadOnlyDictionary<string, string> Renames { get; }

    /// <summary>The ReLUs folded into the quantization of their input.</summary>
    public IReadOnlySet<NodeProto> RemovedNodes { get; }

    /// <summary>Conv, Gemm and MatMul nodes whose weights (and biases) are quantized.</summary>
    public IReadOnlySet<NodeProto> WeightedNodes { get; }

    /// <summary>The tensors whose ranges calibration must measure (in the FP32 graph).</summary>
    public IReadOnlyList<string> CalibrationTensors => [.. Activations.Values.Distinct(StringComparer.Ordinal)];

    /// <summary>Plans the transform.</summary>
    /// <exception cref="QuantizationException">A node the quantizer does not know, or a weighted node without constant weights.</exception>
    public static QdqPlan Create(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        var activations = new Dictionary<string, string>(StringComparer.Ordinal);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var removed = new HashSet<NodeProto>();
        var weighted = new HashSet<NodeProto>();

        // The output of a quantized Conv or Add: when one ReLU alone reads it, that ReLU disappears into the uint8 range.
        void QuantizeOutput(string output)
        {
            if (!graphOutputs.Contains(output) && consumers.TryGetValue(output, out var readers)
                && readers is [{ OpType: "Relu" } relu] && relu.Output.Count == 1)
            {
                removed.Add(relu);
                renames[output] = relu.Output[0];
                activations[relu.Output[0]] = relu.Output[0];
            }
            else
            {
                activations[output] = output;
            }
        }

        foreach (var node in graph.Node)
        {
            if (removed.Contains(node))
            {
                continue;
            }

            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                throw Unsupported(node, $"its domain '{node.Domain}' is not the default ONNX domain");
            }

            var op = node.OpType;
            if (WeightedOps.Contains(op))
            {
                CheckWeighted(node, initializers);
                if (initializers.ContainsKey(node.Input[0]))
                {
                    throw Unsupported(node, "its data input is a constant");
                }

                activations.TryAdd(node.Input[0], node.Input[0]);
                weighted.Add(node);
                if (op == "Conv")
                {
                    QuantizeOutput(node.Output[0]);
                }
            }
            else if (op == "Add")
            {
                if (node.Input.Count == 2 && node.Input.All(activations.ContainsKey))
                {
                    QuantizeOutput(node.Output[0]);
                }
            }
            else if (op == "Relu")
            {
                if (activations.ContainsKey(node.Input[0]))
                {
                    activations[node.Output[0]] = node.Output[0];
                }
            }
            else if (SameParameterOps.Contains(op))
            {
                if (activations.TryGetValue(node.Input[0], out var source))
                {
                    activations[node.Output[0]] = source;
                }
            }
            else if (OwnParameterOps.Contains(op))
            {
                if (activations.ContainsKey(node.Input[0]))
                {
                    activations[node.Output[0]] = node.Output[0];
                }
            }
            else if (!FloatOps.Contains(op))
            {
                throw Unsupported(node, "the INT8 quantizer does not know this operator");
            }
        }

        return new QdqPlan(activations, renames, removed, weighted);
    }

    private static void CheckWeighted(NodeProto node, Dictionary<string, TensorProto> initializers)
    {
        if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weight))
        {
            throw Unsupported(node, "its weight is not a constant initializer");
        }

        if (node.Input.Count > 2 && node.Input[2].Length > 0 && !initializers.ContainsKey(node.Input[2]))
        {
            throw Unsupported(node, "its bias is not a constant initializer");
        }

        switch (node.OpType)
        {
            case "Conv" when weight.Dims.Count < 3:
                throw Unsupported(node, $"its weight has {weight.Dims.Count} dimensions");
            case "Gemm" when weight.Dims.Count != 2 || Attribute(node, "transA") != 0 || FloatAttribute(node, "alpha") != 1f || FloatAttribute(node, "beta") != 1f:
                throw Unsupported(node, "only Gemm with a 2-D constant B, transA = 0 and alpha = beta = 1 is quantized");
            case "Gemm" when node.Input.Count > 2 && node.Input[2].Length > 0 && initializers[node.Input[2]].Dims.Count != 1:
                throw Unsupported(node, "its bias is not one value per output");
            case "MatMul" when weight.Dims.Count != 2:
                throw Unsupported(node, "only MatMul with a 2-D constant second input is quantized");
        }
    }

    internal static long Attribute(NodeProto node, string name, long fallback = 0) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;

    private static float FloatAttribute(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? 1f;

    private static QuantizationException Unsupported(NodeProto node, string why) =>
        new($"Node '{node.Name}' ({node.OpType}) cannot be quantized: {why}. The INT8 quantizer handles Conv, Gemm, MatMul, Add, Relu, "
            + "MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape and float-only Cast, Transpose, Mul, Sub, Div, Softmax, Sigmoid, Pad, "
            + "BatchNormalization, Concat; export without --quantize to keep this model in FP32.");
}
