using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// The ImageNet ResNet18 body through ONNX Runtime: the package's ONNX file with its input made any size and its 7x7
/// average pool made global, fed BGR minus the per-channel ImageNet means (the package's own preprocessing, per
/// channel). Same features as the TorchSharp port of the body, several times faster on CPU (docs/audit.md).
/// </summary>
internal sealed class OnnxFeatureModel : IDisposable
{
    private static readonly float[] BgrMeans = [103.062624f, 115.902885f, 123.151634f];
    private readonly InferenceSession session;
    private readonly string inputName;

    public OnnxFeatureModel(string modelPath)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        session = new InferenceSession(AnySize(File.ReadAllBytes(modelPath)), options);
        inputName = session.InputMetadata.Keys.First();
    }

    /// <summary>Writes the L2-normalised 512 features of <paramref name="count"/> squished RGB images of <paramref name="size"/> squared.</summary>
    public void Run(ReadOnlySpan<byte> rgb, int count, int size, Span<float> features)
    {
        var tensor = new DenseTensor<float>([count, 3, size, size]);
        var buffer = tensor.Buffer.Span;
        var plane = size * size;
        for (var i = 0; i < count; i++)
        {
            var image = rgb.Slice(i * plane * 3, plane * 3);
            for (var c = 0; c < 3; c++)
            {
                var target = buffer.Slice(((i * 3) + c) * plane, plane);
                for (var p = 0; p < plane; p++)
                {
                    target[p] = image[(p * 3) + (2 - c)] - BgrMeans[c];
                }
            }
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        var output = results[0].AsTensor<float>();
        for (var i = 0; i < count; i++)
        {
            var row = features.Slice(i * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount);
            double squares = 0;
            for (var k = 0; k < row.Length; k++)
            {
                row[k] = output.GetValue((i * FeatureExtractor.FeatureCount) + k);
                squares += row[k] * row[k];
            }

            var scale = (float)(1 / Math.Max(1e-6, Math.Sqrt(squares)));
            for (var k = 0; k < row.Length; k++)
            {
                row[k] *= scale;
            }
        }
    }

    public void Dispose() => session.Dispose();

    /// <summary>A symbolic batch and size on the input and output, and a global average pool instead of the 7x7 one.</summary>
    private static byte[] AnySize(byte[] onnx)
    {
        var model = ModelProto.Parser.ParseFrom(onnx);
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var dims = graph.Input.First(i => !initializers.Contains(i.Name)).Type.TensorType.Shape.Dim;
        dims[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        dims[2] = new TensorShapeProto.Types.Dimension { DimParam = "height" };
        dims[3] = new TensorShapeProto.Types.Dimension { DimParam = "width" };
        foreach (var output in graph.Output)
        {
            output.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        }

        graph.ValueInfo.Clear();
        var pool = graph.Node.Single(n => n.OpType == "AveragePool");
        pool.OpType = "GlobalAveragePool";
        pool.Attribute.Clear();
        return model.ToByteArray();
    }
}
