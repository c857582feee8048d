using ActressOnnx.Onnx.Proto;
using Google.Protobuf;

namespace ActressOnnx.Testing.Onnx;

/// <summary>
/// A real ONNX classifier small enough to build in a test: uint8 image [N,H,W,3] -> Cast -> ReduceMean over H,W
/// -> MatMul with a 3xC weight -> Softmax. Label i scores the mean of colour channel i mod 3, so a mostly red image
/// is "red" and a mostly blue one "blue", with the contract's input/output names and metadata.
/// </summary>
public static class TinyColorModel
{
    /// <summary>Weight per unit of mean channel value; large enough that a clearly coloured image scores above 0.99.</summary>
    public const float ChannelWeight = 0.05f;

    /// <summary>Builds the model file bytes.</summary>
    public static byte[] Create(TinyColorModelOptions? options = null)
    {
        options ??= new TinyColorModelOptions();
        var classCount = options.Labels.Count;
        var graph = new GraphProto { Name = "tiny_colour_classifier" };
        graph.Input.Add(TensorValue("image", TensorProto.Types.DataType.Uint8, Dim("N"),
            options.FixedSpatialDims ? Dim(options.Height) : Dim("H"),
            options.FixedSpatialDims ? Dim(options.Width) : Dim("W"),
            Dim(3)));
        graph.Output.Add(TensorValue("probabilities", TensorProto.Types.DataType.Float, Dim("N"), Dim(classCount)));
        graph.Initializer.Add(Weights(classCount));

        graph.Node.Add(Node("Cast", ["image"], ["image_float"], IntAttribute("to", (long)TensorProto.Types.DataType.Float)));
        graph.Node.Add(Node("ReduceMean", ["image_float"], ["channel_means"], IntsAttribute("axes", 1, 2), IntAttribute("keepdims", 0)));
        graph.Node.Add(Node("MatMul", ["channel_means", "weights"], ["logits"]));
        graph.Node.Add(Node("Softmax", ["logits"], ["probabilities"], IntAttribute("axis", -1)));

        var model = new ModelProto { IrVersion = 8, ProducerName = "actressonnx-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });

        var metadata = options.DefaultMetadata();
        foreach (var (key, value) in options.MetadataOverrides)
        {
            if (value is null)
            {
                metadata.Remove(key);
            }
            else
            {
                metadata[key] = value;
            }
        }

        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model.ToByteArray();
    }

    /// <summary>Builds the model and writes it to <paramref name="path"/>.</summary>
    public static string WriteTo(string path, TinyColorModelOptions? options = null)
    {
        File.WriteAllBytes(path, Create(options));
        return path;
    }

    private static TensorProto Weights(int classCount)
    {
        var weights = new TensorProto { Name = "weights", DataType = (int)TensorProto.Types.DataType.Float };
        weights.Dims.Add(3);
        weights.Dims.Add(classCount);
        for (var channel = 0; channel < 3; channel++)
        {
            for (var label = 0; label < classCount; label++)
            {
                weights.FloatData.Add(label % 3 == channel ? ChannelWeight : 0f);
            }
        }

        return weights;
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = opType.ToLowerInvariant() };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static TensorShapeProto.Types.Dimension Dim(string symbol) => new() { DimParam = symbol };

    private static ValueInfoProto TensorValue(string name, TensorProto.Types.DataType type, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
