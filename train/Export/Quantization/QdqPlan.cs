using ActressOnnx.Onnx.Proto;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Decides, from the graph alone, where an FP32 graph gets QuantizeLinear/DequantizeLinear pairs, following ONNX
/// Runtime's QDQ rules: the activation entering every Conv, Gemm and MatMul is quantized, as is the output of each
/// Conv and residual Add (these become QLinearConv / QLinearAdd); a ReLU that alone consumes such an output is removed,
/// because uint8 with zero point 0 clips at 0 exactly as the ReLU does; max pooling, flattening and reshaping keep
/// their input's parameters (ONNX Runtime then runs them on uint8 directly); average pooling gets its own. Other
/// supported operators stay in float and read the dequantized values. Layers kept in FP32 (<see cref="Fp32Layers"/>) are
/// left as they are, with no Q/DQ on their inputs or weights, and pooling or reshaping that only feeds them stays float.
/// </summary>
internal sealed class QdqPlan
{
    private static readonly HashSet<string> WeightedOps = ["Conv", "Gemm", "MatMul"];
    private static readonly HashSet<string> SameParameterOps = ["MaxPool", "Flatten", "Reshape", "Identity"];
    private static readonly HashSet<string> OwnParameterOps = ["AveragePool", "GlobalAveragePool"];
    private static readonly HashSet<string> FloatOps = ["Cast", "Transpose", "Mul", "Sub", "Div", "Softmax", "Sigmoid", "Pad", "BatchNormalization", "Concat", "Slice", "ReduceMean"];

    private QdqPlan(Dictionary<string, string> activations, Dictionary<string, string> renames, HashSet<NodeProto> removed, HashSet<NodeProto> weighted, List<NodeProto> kept)
    {
        Activations = activations;
        Renames = renames;
        RemovedNodes = removed;
        WeightedNodes = weighted;
        Fp32Nodes = kept;
    }

    /// <summary>Every activation that gets a Q/DQ pair, mapped to the tensor whose calibrated range sets its scale and zero point.</summary>
    public IReadOnlyDictionary<string, string> Activations { get; }

    /// <summary>Outputs renamed because the ReLU after them was removed: old name to the ReLU's output name.</summary>
    public IReadOnlyDictionary<string, string> Renames { get; }

    /// <summary>The ReLUs folded into the quantization of their input.</summary>
    public IReadOnlySet<NodeProto> RemovedNodes { get; }

    /// <summary>Conv, Gemm and MatMul nodes whose weights (and biases) are quantized.</summary>
    public IReadOnlySet<NodeProto> WeightedNodes { get; }

    /// <summary>The Conv, Gemm and MatMul nodes left in FP32, in graph order.</summary>
    public IReadOnlyList<NodeProto> Fp32Nodes { get; }

    /// <summary>The tensors whose ranges calibration must measure (in the FP32 graph).</summary>
    public IReadOnlyList<string> CalibrationTensors => [.. Activations.Values.Distinct(StringComparer.Ordinal)];

    /// <summary>Plans the transform, leaving <paramref name="fp32Layers"/> in FP32.</summary>
    /// <exception cref="QuantizationException">
    /// A node the quantizer does not know, a weighted node without constant weights, or a layer to keep in FP32 that the graph does not have.
    /// </exception>
    public static QdqPlan Create(GraphProto graph, Fp32Layers fp32Layers = Fp32Layers.None)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var kept = FindFp32Nodes(graph, fp32Layers);
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
        var propagated = new Dictionary<string, NodeProto>(StringComparer.Ordinal);

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
            if (kept.Contains(node))
            {
                continue;
            }

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
                    propagated[node.Output[0]] = node;
                }
            }
            else if (SameParameterOps.Contains(op))
            {
                if (activations.TryGetValue(node.Input[0], out var source))
                {
                    activations[node.Output[0]] = source;
                    propagated[node.Output[0]] = node;
                }
            }
            else if (OwnParameterOps.Contains(op))
            {
                if (activations.ContainsKey(node.Input[0]))
                {
                    activations[node.Output[0]] = node.Output[0];
                    propagated[node.Output[0]] = node;
                }
            }
            else if (!FloatOps.Contains(op))
            {
                throw Unsupported(node, "the INT8 quantizer does not know this operator");
            }
        }

        DropQdqOnlyFp32LayersRead(graph, activations, propagated, consumers, graphOutputs, kept);
        return new QdqPlan(activations, renames, removed, weighted, [.. graph.Node.Where(kept.Contains)]);
    }

    // The first Conv and the last Gemm or MatMul of the graph, as asked.
    private static HashSet<NodeProto> FindFp32Nodes(GraphProto graph, Fp32Layers layers)
    {
        var kept = new HashSet<NodeProto>();
        if (layers.HasFlag(Fp32Layers.FirstConv))
        {
            kept.Add(graph.Node.FirstOrDefault(n => n.OpType == "Conv")
                ?? throw new QuantizationException("The graph has no Conv to keep in FP32; drop first-conv from --fp32-layers."));
        }

        if (layers.HasFlag(Fp32Layers.Head))
        {
            kept.Add(graph.Node.LastOrDefault(n => n.OpType is "Gemm" or "MatMul")
                ?? throw new QuantizationException("The graph has no Gemm or MatMul (classifier head) to keep in FP32; drop head from --fp32-layers."));
        }

        return kept;
    }

    // A pooled or reshaped activation that only FP32 layers read (directly or through other such tensors) would be
    // rounded for nothing: it loses its Q/DQ, latest first so a chain unwinds back to the last quantized operator.
    private static void DropQdqOnlyFp32LayersRead(
        GraphProto graph, Dictionary<string, string> activations, Dictionary<string, NodeProto> propagated,
        Dictionary<string, List<NodeProto>> consumers, HashSet<string> graphOutputs, HashSet<NodeProto> kept)
    {
        if (kept.Count == 0)
        {
            return;
        }

        var floatOnly = new HashSet<NodeProto>(kept);
        foreach (var node in graph.Node.Reverse())
        {
            if (node.Output.Count == 1 && propagated.TryGetValue(node.Output[0], out var producer) && producer == node
                && !graphOutputs.Contains(node.Output[0])
                && consumers.TryGetValue(node.Output[0], out var readers) && readers.All(floatOnly.Contains))
            {
                activations.Remove(node.Output[0]);
                floatOnly.Add(node);
            }
        }
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
            + "BatchNormalization, Concat, Slice, ReduceMean; export without --quantize to keep this model in FP32.");
}
