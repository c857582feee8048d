using ActressOnnx.Onnx;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    // y = 0.5 * reshape(edge_pad(x), [-1, 10]) @ W^T + b: exercises float and int64 initializers, int, ints, float and
    // string attributes, and a symbolic batch dimension.
    private static readonly float[] Weights = Enumerable.Range(0, 40).Select(i => (i % 7) - 3f).ToArray();
    private static readonly float[] Bias = [0.25f, -1f, 2f, 0f];

    [Fact]
    public void Build_TinyModel_RunsInOnnxRuntimeWithTheExpectedResult()
    {
        float[] x = [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6];

        using var session = new InferenceSession(BuildTinyModel().ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(x, [2, 2, 3]);
        using var outputs = session.Run(new RunOptions(), ["x"], [input], ["y"]);

        Assert.Equal(new long[] { 2, 4 }, outputs[0].GetTensorTypeAndShape().Shape);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var expected = ExpectedOutput(x, batch: 2);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 4);
        }
    }

    [Fact]
    public void Build_WritesOpsetIrVersionProducerAndMetadata_ThatOnnxRuntimeReadsBack()
    {
        var bytes = BuildTinyModel().ToByteArray();

        var parsed = ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal(8, parsed.IrVersion);
        Assert.Equal(17, Assert.Single(parsed.OpsetImport).Version);
        using var session = new InferenceSession(bytes);
        Assert.Equal("tiny-producer", session.ModelMetadata.ProducerName);
        Assert.Equal("A tiny test model.", session.ModelMetadata.Description);
        Assert.Equal("tiny", session.ModelMetadata.GraphName);
        Assert.Equal("ünïcödé \"quoted\"", session.ModelMetadata.CustomMetadataMap["note"]);
        var input = session.InputMetadata["x"];
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal([-1, 2, 3], input.Dimensions);
        Assert.Equal("n", input.SymbolicDimensions[0]);
    }

    [Fact]
    public void AddInitializer_StoresLittleEndianRawDataWithDims()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.AddInitializer("f", [1f, -2.5f], 2, 1);
        builder.AddInitializer("l", [-2L], []);
        builder.AddNode("Identity", ["f"], "y");
        builder.AddOutput("y", DataType.Float, 2, 1);

        var initializers = builder.Build().Graph.Initializer;

        Assert.Equal([2L, 1L], initializers[0].Dims);
        Assert.Equal((int)DataType.Float, initializers[0].DataType);
        Assert.Equal([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0], initializers[0].RawData.ToByteArray());
        Assert.Empty(initializers[1].Dims);
        Assert.Equal((int)DataType.Int64, initializers[1].DataType);
        Assert.Equal([0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], initializers[1].RawData.ToByteArray());
    }

    [Fact]
    public void AddInitializer_WhenShapeDoesNotHoldTheValues_ThrowsWithBothCounts()
    {
        var builder = new OnnxGraphBuilder("g");

        var ex = Assert.Throws<ArgumentException>(() => builder.AddInitializer("w", [1f, 2f, 3f], 2, 2));

        Assert.Contains("'w' has 3 values but its shape [2,2] holds 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNode_WhenInputIsNotDefinedYet_ThrowsNamingTheInput()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.AddInput("x", DataType.Float, 1);

        var ex = Assert.Throws<ArgumentException>(() => builder.AddNode("Add", ["x", "later"], "y"));

        Assert.Contains("'later'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNode_WhenOutputNameIsTaken_Throws()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.AddInput("x", DataType.Float, 1);
        builder.AddInitializer("c", [1f], 1);

        Assert.Throws<ArgumentException>(() => builder.AddNode("Add", ["x", "c"], "c"));
    }

    [Fact]
    public void AddMetadata_WhenKeyRepeats_Throws()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.AddMetadata("k", "1");

        Assert.Throws<ArgumentException>(() => builder.AddMetadata("k", "2"));
    }

    [Fact]
    public void Build_WhenAnOutputIsNeverProduced_ThrowsNamingIt()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.AddInput("x", DataType.Float, 1);
        builder.AddOutput("missing", DataType.Float, 1);

        var ex = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("'missing'", ex.Message, StringComparison.Ordinal);
    }

    private static ModelProto BuildTinyModel()
    {
        var builder = new OnnxGraphBuilder("tiny") { ProducerName = "tiny-producer", DocString = "A tiny test model." };
        builder.AddInput("x", DataType.Float, "n", 2, 3);
        builder.AddInitializer("pads", [0L, 0, 1, 0, 0, 1], 6);
        builder.AddInitializer("shape", [-1L, 10], 2);
        builder.AddInitializer("W", Weights, 4, 10);
        builder.AddInitializer("b", Bias, 4);
        builder.AddNode("Pad", ["x", "pads"], "padded", OnnxAttributes.Text("mode", "edge"));
        builder.AddNode("Reshape", ["padded", "shape"], "flat");
        builder.AddNode("Gemm", ["flat", "W", "b"], "y", OnnxAttributes.IntScalar("transB", 1), OnnxAttributes.FloatScalar("alpha", 0.5f));
        builder.AddOutput("y", DataType.Float, "n", 4);
        builder.AddMetadata("note", "ünïcödé \"quoted\"");
        return builder.Build();
    }

    private static float[] ExpectedOutput(float[] x, int batch)
    {
        var result = new float[batch * 4];
        for (var n = 0; n < batch; n++)
        {
            var flat = new List<float>();
            for (var row = 0; row < 2; row++)
            {
                var start = (n * 6) + (row * 3);
                flat.Add(x[start]);
                flat.AddRange(x.AsSpan(start, 3).ToArray());
                flat.Add(x[start + 2]);
            }

            for (var o = 0; o < 4; o++)
            {
                var sum = 0f;
                for (var k = 0; k < 10; k++)
                {
                    sum += flat[k] * Weights[(o * 10) + k];
                }

                result[(n * 4) + o] = (0.5f * sum) + Bias[o];
            }
        }

        return result;
    }
}
