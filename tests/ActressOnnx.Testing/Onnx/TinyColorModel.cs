using ActressOnnx.Onnx;
using Google.Protobuf;
using static ActressOnnx.Onnx.Proto.TensorProto.Types;

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
        var graph = new OnnxGraphBuilder("tiny_colour_classifier") { ProducerName = "actressonnx-tests" };
        graph.AddInput("image", DataType.Uint8, "N",
            options.FixedSpatialDims ? options.Height : "H",
            options.FixedSpatialDims ? options.Width : "W",
            3);
        graph.AddInitializer("weights", Weights(classCount), 3, classCount);

        var pixels = graph.AddNode("Cast", ["image"], "image_float", OnnxAttributes.IntScalar("to", (long)DataType.Float));
        var means = graph.AddNode("ReduceMean", [pixels], "channel_means", OnnxAttributes.IntList("axes", 1, 2), OnnxAttributes.IntScalar("keepdims", 0));
        if (options.FailsWhenRun)
        {
            // [N,3] -> [2,-1] is only possible for an even N: ONNX Runtime accepts the graph and fails the run.
            graph.AddInitializer("two_rows", [2L, -1L], 2);
            graph.AddInitializer("three_columns", [-1L, 3L], 2);
            var rows = graph.AddNode("Reshape", [means, "two_rows"], "two_rows_of_means");
            means = graph.AddNode("Reshape", [rows, "three_columns"], "channel_means_again");
        }

        var logits = graph.AddNode("MatMul", [means, "weights"], "logits");
        graph.AddNode("Softmax", [logits], "probabilities", OnnxAttributes.IntScalar("axis", -1));
        graph.AddOutput("probabilities", DataType.Float, "N", classCount);

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
            graph.AddMetadata(key, value);
        }

        return graph.Build().ToByteArray();
    }

    /// <summary>Builds the model and writes it to <paramref name="path"/>.</summary>
    public static string WriteTo(string path, TinyColorModelOptions? options = null)
    {
        File.WriteAllBytes(path, Create(options));
        return path;
    }

    private static float[] Weights(int classCount)
    {
        var weights = new float[3 * classCount];
        for (var channel = 0; channel < 3; channel++)
        {
            for (var label = 0; label < classCount; label++)
            {
                weights[(channel * classCount) + label] = label % 3 == channel ? ChannelWeight : 0f;
            }
        }

        return weights;
    }
}
