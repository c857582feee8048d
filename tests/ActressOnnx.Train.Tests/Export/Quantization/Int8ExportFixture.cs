using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Export.Quantization;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Export.Quantization;

/// <summary>
/// A briefly trained 2-class ResNet18 at 32x32 exported twice, FP32 and INT8, the INT8 one calibrated on a small
/// synthetic folder-per-class set; shared by the tests that only read the files.
/// </summary>
public sealed class Int8ExportFixture : IDisposable
{
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("int8");

    public Int8ExportFixture()
    {
        Info = ExportTestModels.Info(32, 32, ["circles", "stripes"]);
        CalibrationFolder = Path.Combine(directory.FullName, "calibration");
        SyntheticDataset.Write(CalibrationFolder, imagesPerClass: 24, size: 40, seed: 5);
        Model = TrainedOn(CalibrationFolder, Info);
        Fp32 = OnnxExporter.Export(Model, Info, Path.Combine(directory.FullName, "fp32.onnx"), options: null, CancellationToken.None);
        Int8 = OnnxExporter.Export(Model, Info, Path.Combine(directory.FullName, "int8.onnx"), Options, CancellationToken.None);
    }

    internal ResNet18 Model { get; }

    internal CheckpointInfo Info { get; }

    internal string CalibrationFolder { get; }

    internal string Directory => directory.FullName;

    // 95%, not the CLI's 99%: the test classes share TorchSharp's global generator, so this model's weights differ from
    // run to run, and an occasional image on its decision boundary must not fail the build. A broken graph agrees ~50%.
    internal const double MinLabelAgreement = 0.95;

    // Every layer quantized, so the tests can check the whole transform; the FP32-layer tests ask for theirs.
    internal OnnxExportOptions Options => new()
    {
        CalibrationFolder = CalibrationFolder,
        Quantization = new QuantizationOptions { MinLabelAgreement = MinLabelAgreement, Fp32Layers = Fp32Layers.None },
    };

    internal OnnxExportResult Fp32 { get; }

    internal OnnxExportResult Int8 { get; }

    // Agreement is only meaningful for a model with margins: a random one sits on the decision boundary for every image.
    private static ResNet18 TrainedOn(string folder, CheckpointInfo info)
    {
        var decoder = new ImageDecoder();
        var files = ActressOnnx.Train.Data.ImageFolder.Scan(folder).Files;
        var pixels = files.SelectMany<ActressOnnx.Train.Data.LabeledFile, byte>(f => decoder.Decode(File.ReadAllBytes(f.Path), info.Preprocess)).ToArray();
        var labels = files.Select(f => (long)f.Label).ToArray();
        var model = ExportTestModels.Fresh(classes: 2, seed: 3);
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: 0.003);
        var random = new Random(7);
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, 8).Select(_ => random.Next(files.Count)).ToArray();
            var images = tensor(batch.SelectMany(i => pixels.Skip(i * info.Preprocess.PixelBytes).Take(info.Preprocess.PixelBytes)).ToArray(), [8, 32, 32, 3], ScalarType.Byte);
            var targets = tensor(batch.Select(i => labels[i]).ToArray(), ScalarType.Int64);
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(ImageNormalization.ImageNet.Apply(images)), targets).backward();
            optimizer.step();
        }

        model.eval();
        return model;
    }

    public void Dispose()
    {
        Model.Dispose();
        directory.Delete(recursive: true);
    }
}
