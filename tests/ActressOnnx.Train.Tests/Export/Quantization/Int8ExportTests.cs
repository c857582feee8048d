using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Onnx.Proto;
using ActressOnnx.Testing;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Export.Quantization;
using Microsoft.ML.OnnxRuntime;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Train.Tests.Export.Quantization;

public sealed class Int8ExportTests(Int8ExportFixture exported) : IClassFixture<Int8ExportFixture>, IDisposable
{
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("int8-test");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Export_WithCalibration_WritesQdqPairsAroundEveryConvolutionAndTheClassifier()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(exported.Int8.Path));
        var graph = model.Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(x => x.o, x => x.n);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);

        var weighted = graph.Node.Where(n => n.OpType is "Conv" or "Gemm").ToList();
        Assert.Equal(Fp32ConvolutionCount(), weighted.Count(n => n.OpType == "Conv"));
        Assert.Single(weighted, n => n.OpType == "Gemm");
        foreach (var node in weighted)
        {
            // Activation and weight both come out of DequantizeLinear; the weight's source is a per-channel int8 constant.
            Assert.Equal("DequantizeLinear", producers[node.Input[0]].OpType);
            var weightDq = producers[node.Input[1]];
            Assert.Equal("DequantizeLinear", weightDq.OpType);
            Assert.Equal((int)DataType.Int8, initializers[weightDq.Input[0]].DataType);
            Assert.True(initializers[weightDq.Input[1]].Dims.Single() > 1, $"{node.Name}: weight scale should be per channel");
            Assert.Equal((int)DataType.Int32, initializers[producers[node.Input[2]].Input[0]].DataType);
        }

        Assert.DoesNotContain(graph.Node, n => n.OpType == "Relu");
        Assert.DoesNotContain(graph.Initializer, t => t.DataType == (int)DataType.Float && t.Dims.Aggregate(1L, (a, d) => a * d) > 4096);
        Assert.Contains(model.MetadataProps, p => p.Key == ModelMetadataKeys.Quantization && p.Value == "int8");
        Assert.True(exported.Int8.SizeBytes * 3 < exported.Fp32.SizeBytes, $"INT8 {exported.Int8.SizeBytes} B vs FP32 {exported.Fp32.SizeBytes} B");
    }

    [Fact]
    public void Export_WithCalibration_OnnxRuntimeFusesIntoIntegerKernels()
    {
        var optimizedPath = Path.Combine(directory.FullName, "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimizedPath })
        using (new InferenceSession(exported.Int8.Path, options))
        {
        }

        var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimizedPath)).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(Fp32ConvolutionCount(), ops.Count(op => op == "QLinearConv"));
        Assert.Contains("QLinearAdd", ops);
        Assert.Contains("QGemm", ops);
        Assert.DoesNotContain("Conv", ops);
    }

    [Fact]
    public void Export_WithCalibration_LabelsAgreeWithFp32OnTheCalibrationImages()
    {
        var report = exported.Int8.Quantization!;
        Assert.Equal(48, report.ImageCount);
        Assert.InRange(report.LabelAgreement, Int8ExportFixture.MinLabelAgreement, 1.0);
        Assert.InRange(report.MeanAbsoluteDifference, 1e-7, 0.02);

        // Independently of the report: the service's classifier, fed the encoded files, agrees just as well.
        using var fp32 = OnnxClassifier.Load(exported.Fp32.Path);
        using var int8 = OnnxClassifier.Load(exported.Int8.Path);
        Assert.Null(fp32.Metadata.Quantization);
        Assert.Equal("int8", int8.Metadata.Quantization);
        var files = Directory.EnumerateFiles(exported.CalibrationFolder, "*.png", SearchOption.AllDirectories).ToList();
        Assert.Equal(48, files.Count);
        var pairs = files.Select(file => File.ReadAllBytes(file)).Select(bytes => (Expected: fp32.Predict(bytes), Actual: int8.Predict(bytes))).ToList();
        var agreement = pairs.Count(p => p.Expected.Label == p.Actual.Label) / (double)pairs.Count;
        Assert.Equal(report.LabelAgreement, agreement, precision: 6);
        Assert.InRange(pairs.Average(p => Math.Abs(p.Expected.Probabilities["circles"] - p.Actual.Probabilities["circles"])), 1e-7, 0.02);
    }

    [Theory]
    [InlineData("first-conv")]
    [InlineData("head")]
    [InlineData("first-conv,head")]
    public void Quantize_WithFp32Layers_LeavesThoseLayersWithoutQdqAndQuantizesTheRest(string recorded)
    {
        Assert.True(CalibrationNames.TryParseLayers(recorded, out var layers));
        var fp32 = ModelProto.Parser.ParseFrom(File.ReadAllBytes(exported.Fp32.Path));
        var calibration = CalibrationSet.Load(exported.CalibrationFolder, exported.Info.Preprocess, maxImages: 48, CancellationToken.None);
        var options = new QuantizationOptions { Fp32Layers = layers, MinLabelAgreement = Int8ExportFixture.MinLabelAgreement };

        var (int8, report) = Int8Quantizer.Quantize(fp32, calibration, exported.Info.Preprocess, options, CancellationToken.None);

        var graph = int8.Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(x => x.o, x => x.n);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var firstConv = graph.Node.First(n => n.OpType == "Conv");
        var head = graph.Node.Single(n => n.OpType == "Gemm");
        var kept = new[] { (layers.HasFlag(Fp32Layers.FirstConv), firstConv), (layers.HasFlag(Fp32Layers.Head), head) };
        foreach (var (isKept, node) in kept)
        {
            var weightIsFloat = initializers.TryGetValue(node.Input[1], out var weight) && weight.DataType == (int)DataType.Float;
            Assert.Equal(isKept, weightIsFloat);
            Assert.Equal(isKept, !producers.TryGetValue(node.Input[0], out var source) || source.OpType != "DequantizeLinear");
            if (isKept)
            {
                Assert.DoesNotContain(graph.Node, n => n.OpType == "QuantizeLinear" && n.Input[0] == node.Output[0]);
                Assert.Contains(node.Name, report.Fp32Nodes);
            }
        }

        if (layers.HasFlag(Fp32Layers.Head))
        {
            // Pooling and flattening that only feed the FP32 head stay float too.
            Assert.DoesNotContain(graph.Node, n => n.OpType == "QuantizeLinear" && producers[n.Input[0]].OpType is "GlobalAveragePool" or "Flatten");
        }

        Assert.Equal(Fp32ConvolutionCount() - (layers.HasFlag(Fp32Layers.FirstConv) ? 1 : 0), graph.Node.Count(n => n.OpType == "Conv" && producers.TryGetValue(n.Input[1], out var weightSource) && weightSource.OpType == "DequantizeLinear"));
        Assert.Contains(int8.MetadataProps, p => p.Key == ModelMetadataKeys.QuantizationFp32Layers && p.Value == recorded);
        Assert.Equal(recorded, report.Fp32Layers);
    }

    [Fact]
    public void Export_Int8WithTta_QuantizesTheBodyAndStillAveragesTheMirrorImage()
    {
        var path = Path.Combine(directory.FullName, "int8-tta.onnx");

        var result = OnnxExporter.Export(exported.Model, exported.Info, path, exported.Options with { TestTimeAugmentation = true }, CancellationToken.None);

        Assert.InRange(result.Quantization!.LabelAgreement, Int8ExportFixture.MinLabelAgreement, 1.0);
        using var classifier = OnnxClassifier.Load(result.Path);
        Assert.Equal("int8", classifier.Metadata.Quantization);
        Assert.Equal("hflip", classifier.Metadata.Extras[ModelMetadataKeys.TestTimeAugmentation]);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(result.Path)).Graph;
        Assert.Contains(graph.Node, n => n.OpType == "ReduceMean");
        Assert.Contains(graph.Node, n => n.OpType == "QuantizeLinear");
        var pixels = new byte[2 * exported.Info.Preprocess.PixelBytes];
        new Random(3).NextBytes(pixels);
        Assert.Equal(2, classifier.PredictDecoded(pixels).Count);
    }

    private int Fp32ConvolutionCount()
    {
        var count = ModelProto.Parser.ParseFrom(File.ReadAllBytes(exported.Fp32.Path)).Graph.Node.Count(n => n.OpType == "Conv");
        Assert.True(count >= 20, $"a ResNet18 has at least 20 convolutions, the FP32 export has {count}");
        return count;
    }

    [Fact]
    public void Export_WithEmptyCalibrationFolder_FailsWithReasonAndWritesNothing()
    {
        var empty = Directory.CreateDirectory(Path.Combine(directory.FullName, "empty", "circles")).Parent!.FullName;
        var output = Path.Combine(directory.FullName, "model.onnx");

        var error = Assert.Throws<QuantizationException>(() => OnnxExporter.Export(
            exported.Model, exported.Info, output, exported.Options with { CalibrationFolder = empty }, CancellationToken.None));

        Assert.Contains("holds no images", error.Message);
        Assert.Contains("--calibration", error.Message);
        Assert.Empty(directory.EnumerateFiles("*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Export_WithUndecodableCalibrationFiles_SkipsAndCountsThem()
    {
        var folder = Path.Combine(directory.FullName, "mixed");
        SyntheticDataset.Write(folder, imagesPerClass: 4, size: 32, seed: 9);
        File.WriteAllText(Path.Combine(folder, SyntheticDataset.CirclesLabel, "broken.jpg"), "not a jpeg");

        var set = CalibrationSet.Load(folder, exported.Info.Preprocess, maxImages: 100, CancellationToken.None);

        Assert.Equal(8, set.Images.Count);
        Assert.Single(set.Skipped, path => path.EndsWith("broken.jpg", StringComparison.Ordinal));
        Assert.All(set.Images, image => Assert.Equal(exported.Info.Preprocess.PixelBytes, image.Length));
    }

    [Fact]
    public void Load_WithLimit_TakesTheClassesInTurn()
    {
        var set = CalibrationSet.Load(exported.CalibrationFolder, new PreprocessSettings(8, 8, ResizeMethod.Squish), maxImages: 6, CancellationToken.None);

        Assert.Equal(6, set.Images.Count);
        // Circles are drawn on dark backgrounds and stripes fill the image: the classes must alternate.
        Assert.NotEqual(set.Images[0], set.Images[1]);
    }
}
