using ActressOnnx.Inference;
using ActressOnnx.Onnx.Proto;
using ActressOnnx.Testing;
using ActressOnnx.Train.Export;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Train.Tests.Export;

public sealed class TestTimeAugmentationTests : IDisposable
{
    private const int Width = 40;
    private const int Height = 32;
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("tta");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Export_WithTta_EqualsTheAverageOfTheRunsOfTheImageAndItsMirrorImage()
    {
        using var model = ExportTestModels.BrieflyTrained(classes: 3, seed: 31);
        var info = ExportTestModels.Info(Width, Height, ["a", "b", "c"]);
        var plain = OnnxExporter.Export(model, info, Path.Combine(directory.FullName, "plain.onnx"), options: null, CancellationToken.None);
        var tta = OnnxExporter.Export(model, info, Path.Combine(directory.FullName, "tta.onnx"), new OnnxExportOptions { TestTimeAugmentation = true }, CancellationToken.None);
        var pixels = ExportTestModels.RandomPixels(seed: 32, batch: 3, Height, Width);
        long[] shape = [3, Height, Width, 3];

        var original = ExportTestModels.OnnxRuntimeProbabilities(plain.Path, pixels, shape);
        var mirrored = ExportTestModels.OnnxRuntimeProbabilities(plain.Path, MirrorImages(pixels, batch: 3), shape);
        var averaged = ExportTestModels.OnnxRuntimeProbabilities(tta.Path, pixels, shape);

        Assert.InRange(ExportTestModels.MaxAbsoluteDifference(original.Zip(mirrored, (o, m) => (o + m) / 2).ToArray(), averaged), 0, 1e-5);
        Assert.True(ExportTestModels.MaxAbsoluteDifference(original, mirrored) > 1e-4, "the model should tell an image from its mirror image, or the test proves nothing");
        Assert.InRange(tta.MaxDifference, 0, new OnnxExportOptions().Tolerance);
    }

    [Fact]
    public void Export_WithTta_KeepsTheModelContractAndSaysTtaIsOn()
    {
        using var model = ExportTestModels.Fresh(classes: 2, seed: 33);
        var info = ExportTestModels.Info(Width, Height, ["left", "right"]);
        var plain = OnnxExporter.Export(model, info, Path.Combine(directory.FullName, "plain.onnx"), options: null, CancellationToken.None);
        var tta = OnnxExporter.Export(model, info, Path.Combine(directory.FullName, "tta.onnx"), new OnnxExportOptions { TestTimeAugmentation = true }, CancellationToken.None);

        using var plainClassifier = OnnxClassifier.Load(plain.Path);
        using var ttaClassifier = OnnxClassifier.Load(tta.Path);
        Assert.Equal(plainClassifier.Labels, ttaClassifier.Labels);
        Assert.Equal(plainClassifier.Metadata.Preprocess, ttaClassifier.Metadata.Preprocess);
        Assert.Equal("hflip", ttaClassifier.Metadata.Extras[ModelMetadataKeys.TestTimeAugmentation]);
        Assert.False(plainClassifier.Metadata.Extras.ContainsKey(ModelMetadataKeys.TestTimeAugmentation));
        var nodes = ModelProto.Parser.ParseFrom(File.ReadAllBytes(tta.Path)).Graph.Node;
        Assert.Contains(nodes, n => n.OpType == "Slice");
        Assert.Contains(nodes, n => n.OpType == "ReduceMean");
    }

    // NHWC: reverse the order of the columns of each row.
    private static byte[] MirrorImages(byte[] pixels, int batch)
    {
        var mirrored = new byte[pixels.Length];
        for (var image = 0; image < batch; image++)
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var from = (((image * Height) + y) * Width + x) * 3;
                    var to = (((image * Height) + y) * Width + (Width - 1 - x)) * 3;
                    pixels.AsSpan(from, 3).CopyTo(mirrored.AsSpan(to, 3));
                }
            }
        }

        return mirrored;
    }
}
