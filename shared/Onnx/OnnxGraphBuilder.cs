using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;

namespace ActressOnnx.Onnx;

/// <summary>
/// Builds a single-graph ONNX model (default domain, opset <see cref="OpsetVersion"/>): initializers, nodes in
/// topological order, typed graph inputs and outputs, and metadata. Names are checked as they are added, so a
/// mistake fails here with the offending name instead of later inside a runtime.
/// </summary>
/// <example>
/// <code>
/// var builder = new OnnxGraphBuilder("double");
/// builder.AddInput("x", TensorProto.Types.DataType.Float, "batch", 3);
/// builder.AddInitializer("two", [2f], 1);
/// builder.AddNode("Mul", ["x", "two"], "y");
/// builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch", 3);
/// File.WriteAllBytes("double.onnx", builder.Build().ToByteArray());
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    /// <summary>The version of the default (<c>ai.onnx</c>) operator set the model imports.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The IR version released together with opset 17 (ONNX 1.12); runtimes that know opset 17 read it.</summary>
    public const long IrVersion = 8;

    private readonly GraphProto graph;
    private readonly List<StringStringEntryProto> metadata = [];
    private readonly HashSet<string> definedValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> nodeNames = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph called <paramref name="graphName"/>.</summary>
    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        graph = new GraphProto { Name = graphName };
    }

    /// <summary>The tool that wrote the model (<c>producer_name</c>).</summary>
    public string ProducerName { get; set; } = "actressonnx";

    /// <summary>The version of that tool (<c>producer_version</c>).</summary>
    public string ProducerVersion { get; set; } = "";

    /// <summary>A human-readable description of the model (<c>doc_string</c>).</summary>
    public string DocString { get; set; } = "";

    /// <summary>Adds a float32 constant stored as little-endian <c>raw_data</c>; returns its name.</summary>
    /// <param name="name">The value name nodes refer to.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="dims">The shape; its element count must equal <paramref name="values"/>' length. Empty means a scalar.</param>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        var tensor = NewTensor(name, TensorProto.Types.DataType.Float, values.Length, dims);
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        tensor.RawData = UnsafeByteOperations.UnsafeWrap(bytes);
        return Define(tensor);
    }

    /// <summary>Adds an int64 constant (e.g. a shape for Reshape) stored as little-endian <c>raw_data</c>; returns its name.</summary>
    /// <param name="name">The value name nodes refer to.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="dims">The shape; its element count must equal <paramref name="values"/>' length. Empty means a scalar.</param>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params ReadOnlySpan<long> dims)
    {
        var tensor = NewTensor(name, TensorProto.Types.DataType.Int64, values.Length, dims);
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        tensor.RawData = UnsafeByteOperations.UnsafeWrap(bytes);
        return Define(tensor);
    }

    /// <summary>
    /// Appends a node of the default domain with one output. Every input must already be a graph input, an
    /// initializer or an earlier node's output (an empty string skips an optional input). Returns <paramref name="output"/>.
    /// </summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string output, params ReadOnlySpan<AttributeProto> attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !definedValues.Contains(input))
            {
                throw new ArgumentException($"{opType} node '{output}' reads '{input}', which is not defined yet. Add the input, initializer or producing node first (nodes must be in topological order).", nameof(inputs));
            }
        }

        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        var attributeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            ArgumentNullException.ThrowIfNull(attribute);
            if (!attributeNames.Add(attribute.Name))
            {
                throw new ArgumentException($"{opType} node '{output}' has attribute '{attribute.Name}' twice.", nameof(attributes));
            }

            node.Attribute.Add(attribute);
        }

        if (!nodeNames.Add(output))
        {
            throw new ArgumentException($"A node named '{output}' already exists.", nameof(output));
        }

        DefineName(output);
        graph.Node.Add(node);
        return output;
    }

    /// <summary>Declares a graph input of element type <paramref name="elementType"/> and the given shape.</summary>
    public void AddInput(string name, TensorProto.Types.DataType elementType, params ReadOnlySpan<OnnxDimension> shape)
    {
        var info = NewValueInfo(name, elementType, shape);
        DefineName(name);
        graph.Input.Add(info);
    }

    /// <summary>Declares a graph output; some node must produce a value of that name before <see cref="Build"/>.</summary>
    public void AddOutput(string name, TensorProto.Types.DataType elementType, params ReadOnlySpan<OnnxDimension> shape)
    {
        var info = NewValueInfo(name, elementType, shape);
        if (graph.Output.Any(existing => existing.Name == name))
        {
            throw new ArgumentException($"Output '{name}' is declared twice.", nameof(name));
        }

        graph.Output.Add(info);
    }

    /// <summary>Adds a <c>metadata_props</c> entry; keys must be distinct.</summary>
    public void AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (metadata.Any(entry => entry.Key == key))
        {
            throw new ArgumentException($"Metadata key '{key}' is set twice; ONNX metadata keys must be distinct.", nameof(key));
        }

        metadata.Add(new StringStringEntryProto { Key = key, Value = value });
    }

    /// <summary>Returns the model. Throws when it has no output or an output that nothing produces.</summary>
    public ModelProto Build()
    {
        if (graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{graph.Name}' has no output; declare one with AddOutput.");
        }

        foreach (var output in graph.Output)
        {
            if (!definedValues.Contains(output.Name))
            {
                throw new InvalidOperationException($"Output '{output.Name}' of graph '{graph.Name}' is never produced; add the node that computes it.");
            }
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = DocString,
            Graph = graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.AddRange(metadata.Select(entry => entry.Clone()));
        return model;
    }

    private static TensorProto NewTensor(string name, TensorProto.Types.DataType type, int count, ReadOnlySpan<long> dims)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        long expected = 1;
        foreach (var dim in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(dims));
            expected = checked(expected * dim);
        }

        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}' has {count} values but its shape [{string.Join(",", dims.ToArray())}] holds {expected}.", nameof(dims));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims.ToArray());
        return tensor;
    }

    private static ValueInfoProto NewValueInfo(string name, TensorProto.Types.DataType elementType, ReadOnlySpan<OnnxDimension> shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (elementType == TensorProto.Types.DataType.Undefined)
        {
            throw new ArgumentException($"Value '{name}' needs an element type.", nameof(elementType));
        }

        var tensorShape = new TensorShapeProto();
        foreach (var dimension in shape)
        {
            tensorShape.Dim.Add(dimension.Symbol is { } symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = dimension.Size ?? throw new ArgumentException($"Value '{name}' has an empty dimension; use OnnxDimension.Fixed or OnnxDimension.Symbolic.", nameof(shape)) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape } },
        };
    }

    private string Define(TensorProto tensor)
    {
        DefineName(tensor.Name);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private void DefineName(string name)
    {
        if (!definedValues.Add(name))
        {
            throw new ArgumentException($"Value '{name}' is already defined in graph '{graph.Name}'; every input, initializer and node output needs its own name.", nameof(name));
        }
    }
}
