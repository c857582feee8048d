using System.Text.Json;
using ActressOnnx.Inference;
using ActressOnnx.Onnx.Proto;
using ActressOnnx.Testing;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Model;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ActressOnnx.Train.Tests.Export;

[Collection(ActressOnnx.Train.Tests.Training.SeededTorchGroup.Name)]
public sealed class OnnxExporterTests(FreshModelExportFixture fresh) : IClassFixture<FreshModelExportFixture>, IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("export");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Export_FreshModel_OnnxRuntimeMatchesTorchSharp(int batchSize)
    {
        var pixels = ExportTestModels.RandomPixels(seed: 100 + batchSize, batchSize, 64, 64);
        long[] shape = [batchSize, 64, 64, 3];

        var actual = ExportTestModels.OnnxRuntimeProbabilities(fresh.Result.Path, pixels, shape);
        var expected = ExportTestModels.TorchSharpProbabilities(fresh.Model, pixels, shape);

        Assert.Equal(batchSize * 3, actual.Length);
        Assert.Contains(expected, probability => probability is > 0.05f and < 0.95f);
        Assert.InRange(ExportTestModels.MaxAbsoluteDifference(expected, actual), 0, Tolerance);
        Assert.InRange(fresh.Result.MaxDifference, 0, Tolerance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Export_BrieflyTrainedModel_OnnxRuntimeMatchesTorchSharp(int batchSize)
    {
        using var model = ExportTestModels.BrieflyTrained(classes: 2, seed: 2);
        var stats = model.Bn1.running_mean!.abs().max().item<float>();
        Assert.True(stats > 1e-3, "training should have moved the batch-norm running statistics");
        var path = Path.Combine(directory.FullName, "trained.onnx");

        var result = OnnxExporter.Export(model, ExportTestModels.Info(64, 64, ["a", "b"]), path, options: null, CancellationToken.None);

        var pixels = ExportTestModels.RandomPixels(seed: 200 + batchSize, batchSize, 64, 64);
        long[] shape = [batchSize, 64, 64, 3];
        var actual = ExportTestModels.OnnxRuntimeProbabilities(path, pixels, shape);
        var expected = ExportTestModels.TorchSharpProbabilities(model, pixels, shape);
        Assert.Contains(expected, probability => probability is > 0.05f and < 0.95f);
        Assert.InRange(ExportTestModels.MaxAbsoluteDifference(expected, actual), 0, Tolerance);
        Assert.InRange(result.MaxDifference, 0, Tolerance);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(33, 35)]
    public void Export_CntkArchitecture_AsymmetricPaddingMatchesTorchSharp(int height, int width)
    {
        // Odd sizes are where CNTK's "more before than after" padding changes the output (33 -> 16 rows after conv1,
        // where symmetric padding gives 17); even sizes hide it.
        using var model = ExportTestModels.BrieflyTrained(classes: 2, seed: 4, ResNetArchitecture.Cntk);
        var path = Path.Combine(directory.FullName, "cntk.onnx");
        var info = ExportTestModels.Info(width, height, ["a", "b"], architecture: ResNetArchitecture.Cntk.Name);

        var result = OnnxExporter.Export(model, info, path, options: null, CancellationToken.None);

        var pixels = ExportTestModels.RandomPixels(seed: 400, 2, height, width);
        long[] shape = [2, height, width, 3];
        var expected = ExportTestModels.TorchSharpProbabilities(model, pixels, shape);
        var actual = ExportTestModels.OnnxRuntimeProbabilities(path, pixels, shape);
        Assert.Contains(expected, probability => probability is > 0.001f and < 0.999f);
        Assert.InRange(ExportTestModels.MaxAbsoluteDifference(expected, actual), 0, Tolerance);
        Assert.InRange(result.MaxDifference, 0, Tolerance);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        Assert.Equal(3, graph.Node.Count(n => n.OpType == "Add" && n.Name.StartsWith("layer4.", StringComparison.Ordinal)));
        var conv1 = graph.Node.Single(n => n.Name == "conv1");
        Assert.Equal([3, 3, 2, 2], conv1.Attribute.Single(a => a.Name == "pads").Ints);
    }

    [Fact]
    public void Export_NonSquareInput_UsesHeightThenWidthAndMatchesTorchSharp()
    {
        using var model = ExportTestModels.Fresh(classes: 2, seed: 3);
        var path = Path.Combine(directory.FullName, "wide.onnx");

        OnnxExporter.Export(model, ExportTestModels.Info(width: 64, height: 48, ["a", "b"]), path, options: null, CancellationToken.None);

        using (var session = new InferenceSession(path))
        {
            Assert.Equal([-1, 48, 64, 3], session.InputMetadata["image"].Dimensions);
        }

        var pixels = ExportTestModels.RandomPixels(seed: 300, 2, 48, 64);
        long[] shape = [2, 48, 64, 3];
        var expected = ExportTestModels.TorchSharpProbabilities(model, pixels, shape);
        var actual = ExportTestModels.OnnxRuntimeProbabilities(path, pixels, shape);
        Assert.InRange(ExportTestModels.MaxAbsoluteDifference(expected, actual), 0, Tolerance);
    }

    [Fact]
    public void Export_DeclaresUint8ImageAndFloatProbabilitiesWithDynamicBatch()
    {
        using var session = new InferenceSession(fresh.Result.Path);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("image", input.Key);
        Assert.Equal(TensorElementType.UInt8, input.Value.ElementDataType);
        Assert.Equal([-1, 64, 64, 3], input.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("probabilities", output.Key);
        Assert.Equal(TensorElementType.Float, output.Value.ElementDataType);
        Assert.Equal([-1, 3], output.Value.Dimensions);
        Assert.Equal("batch", output.Value.SymbolicDimensions[0]);
    }

    [Fact]
    public void Export_WritesEveryMetadataKey_ReadableThroughOnnxRuntime()
    {
        using var session = new InferenceSession(fresh.Result.Path);
        var metadata = session.ModelMetadata;
        var map = metadata.CustomMetadataMap;

        Assert.Equal(fresh.Info.Labels, JsonSerializer.Deserialize<string[]>(map[ModelMetadataKeys.Labels]));
        Assert.Equal("64", map[ModelMetadataKeys.InputWidth]);
        Assert.Equal("64", map[ModelMetadataKeys.InputHeight]);
        Assert.Equal("pad", map[ModelMetadataKeys.ResizeMethod]);
        Assert.Equal("resnet18", map[ModelMetadataKeys.Architecture]);
        Assert.Equal("7", map[ModelMetadataKeys.Epochs]);
        Assert.Equal("0.3125", map[ModelMetadataKeys.ValidLoss]);
        Assert.Equal("0.125", map[ModelMetadataKeys.ValidErrorRate]);
        Assert.Equal("2026-03-04T03:06:07.0000000Z", map[ModelMetadataKeys.TrainedAt]);
        Assert.Equal("actressonnx", metadata.ProducerName);
        Assert.Contains("3 classes", metadata.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_FoldsEveryBatchNormIntoTorchvisionNamedConvolutions()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fresh.Result.Path));
        var graph = model.Graph;

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, Assert.Single(model.OpsetImport).Version);
        Assert.Equal(20, graph.Node.Count(node => node.OpType == "Conv"));
        Assert.DoesNotContain(graph.Node, node => node.OpType == "BatchNormalization");
        var names = graph.Initializer.Select(tensor => tensor.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "conv1.weight", "conv1.bias", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight", "layer4.1.conv2.bias", "fc.weight", "fc.bias" }, names);
        var fcWeight = graph.Initializer.Single(tensor => tensor.Name == "fc.weight");
        Assert.Equal([3L, 512L], fcWeight.Dims);
        Assert.Equal(3 * 512 * sizeof(float), fcWeight.RawData.Length);
        Assert.All(graph.Initializer, tensor => Assert.Empty(tensor.FloatData));
    }

    [Fact]
    public void Export_WhenTheGraphIsWrong_FailsVerificationAndLeavesNothingBehind()
    {
        using var model = ExportTestModels.Fresh(classes: 2, seed: 4);
        var path = Path.Combine(directory.FullName, "broken.onnx");
        var options = new OnnxExportOptions { AlterBeforeWrite = onnx => ShiftFirstBias(onnx, "fc.bias", 2f) };

        var ex = Assert.Throws<ExportVerificationException>(() =>
            OnnxExporter.Export(model, ExportTestModels.Info(64, 64, ["a", "b"]), path, options, CancellationToken.None));

        Assert.True(ex.MaxDifference > 1e-2, $"a logit shifted by 2 should move probabilities visibly, got {ex.MaxDifference}");
        Assert.Contains("exceeds the tolerance 0.0001", ex.Message, StringComparison.Ordinal);
        Assert.Empty(directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public void Export_WhenVerificationFails_KeepsThePreviousFileAtTheOutputPath()
    {
        using var model = ExportTestModels.Fresh(classes: 2, seed: 5);
        var path = Path.Combine(directory.FullName, "model.onnx");
        File.WriteAllText(path, "previous model");
        var options = new OnnxExportOptions { AlterBeforeWrite = onnx => ShiftFirstBias(onnx, "layer1.0.conv1.bias", 50f) };

        Assert.Throws<ExportVerificationException>(() =>
            OnnxExporter.Export(model, ExportTestModels.Info(64, 64, ["a", "b"]), path, options, CancellationToken.None));

        Assert.Equal("previous model", File.ReadAllText(path));
        Assert.Single(directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public void Export_WhenCancelled_LeavesNothingBehind()
    {
        using var model = ExportTestModels.Fresh(classes: 2, seed: 6);
        var path = Path.Combine(directory.FullName, "cancelled.onnx");

        Assert.ThrowsAny<OperationCanceledException>(() =>
            OnnxExporter.Export(model, ExportTestModels.Info(64, 64, ["a", "b"]), path, options: null, new CancellationToken(canceled: true)));

        Assert.Empty(directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public void Export_WhenLabelsDoNotMatchTheModel_ThrowsBeforeWritingAnything()
    {
        using var model = ExportTestModels.Fresh(classes: 2, seed: 7);
        var path = Path.Combine(directory.FullName, "mismatch.onnx");

        var ex = Assert.Throws<ArgumentException>(() =>
            OnnxExporter.Export(model, ExportTestModels.Info(64, 64, ["a", "b", "c"]), path, options: null, CancellationToken.None));

        Assert.Contains("3 labels but the model has 2 outputs", ex.Message, StringComparison.Ordinal);
        Assert.Empty(directory.EnumerateFileSystemInfos());
    }

    private static void ShiftFirstBias(ModelProto onnx, string name, float shift)
    {
        var tensor = onnx.Graph.Initializer.Single(t => t.Name == name);
        var values = tensor.RawData.ToByteArray();
        BitConverter.TryWriteBytes(values.AsSpan(0, 4), BitConverter.ToSingle(values, 0) + shift);
        tensor.RawData = ByteString.CopyFrom(values);
    }
}
