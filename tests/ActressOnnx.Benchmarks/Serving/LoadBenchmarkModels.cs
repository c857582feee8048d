extern alias train;
using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using train::ActressOnnx.Train.Export;
using train::ActressOnnx.Train.Export.Quantization;
using train::ActressOnnx.Train.Model;
using train::ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Benchmarks.Serving;

/// <summary>
/// The two models the load benchmark serves: a ResNet18 (2 classes, 224 x 224, crop) briefly trained on synthetic
/// circles versus stripes so its outputs have margins, exported by the trainer as FP32 and as INT8.
/// </summary>
internal sealed record LoadBenchmarkModels(string Fp32Path, string Int8Path, QuantizationReport Quantization)
{
    public static readonly PreprocessSettings Settings = new(224, 224, ResizeMethod.Crop);

    public static LoadBenchmarkModels Create(string directory, int trainingSteps)
    {
        var calibration = Path.Combine(directory, "calibration");
        SyntheticDataset.Write(calibration, imagesPerClass: 32, size: 256, format: ImageFormat.Jpeg, seed: 11);
        var info = new CheckpointInfo("resnet18", SyntheticDataset.Labels, Settings, Epochs: 0, ValidLoss: null, ValidErrorRate: null, DateTimeOffset.UtcNow);
        using var model = Train(calibration, trainingSteps);
        var fp32 = OnnxExporter.Export(model, info, Path.Combine(directory, "fp32.onnx"), options: null, CancellationToken.None);
        // Speed does not depend on the weights; the agreement check does, and is reported rather than enforced here.
        var int8 = OnnxExporter.Export(model, info, Path.Combine(directory, "int8.onnx"), new OnnxExportOptions
        {
            CalibrationFolder = calibration,
            Quantization = new QuantizationOptions { MinLabelAgreement = 0 },
        }, CancellationToken.None);
        return new LoadBenchmarkModels(fp32.Path, int8.Path, int8.Quantization!);
    }

    private static ResNet18 Train(string folder, int steps)
    {
        random.manual_seed(1);
        var model = new ResNet18(numClasses: 2);
        var decoder = new ImageDecoder();
        var files = SyntheticDataset.Labels
            .SelectMany((label, index) => Directory.EnumerateFiles(Path.Combine(folder, label)).Order(StringComparer.Ordinal).Select(path => (path, index)))
            .ToArray();
        var images = files.Select(f => decoder.Decode(File.ReadAllBytes(f.path), Settings)).ToArray();
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: 0.001);
        var pick = new Random(3);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, 8).Select(_ => pick.Next(files.Length)).ToArray();
            var pixels = batch.SelectMany(i => images[i]).ToArray();
            var input = tensor(pixels, [batch.Length, Settings.Height, Settings.Width, 3], ScalarType.Byte);
            var targets = tensor(batch.Select(i => (long)files[i].index).ToArray(), ScalarType.Int64);
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(ImageNormalization.ImageNet.Apply(input)), targets).backward();
            optimizer.step();
        }

        model.eval();
        return model;
    }
}
