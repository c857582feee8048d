using System.CommandLine;
using System.Text.Json;
using ActressOnnx.Inference;
using ActressOnnx.Testing;
using ActressOnnx.Train.Commands;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Export.Quantization;
using ActressOnnx.Train.Tests.Export;
using ActressOnnx.Train.Tests.Export.Quantization;
using ActressOnnx.Train.Training;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Train.Tests.Commands;

public sealed class ExportCommandTests : IDisposable
{
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("export-command");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Run_FromACheckpointFile_WritesAVerifiedModelNextToItAndReportsIt()
    {
        var checkpoint = Path.Combine(directory.FullName, "model.ckpt");
        using var model = ExportTestModels.Fresh(classes: 2, seed: 21);
        TrainingCheckpoint.Save(checkpoint, model, ExportTestModels.Info(32, 32, ["shirt", "t-shirt-top"]));
        using var report = new StringWriter();

        var result = ExportCommand.Run(checkpoint, outputPath: null, report, CancellationToken.None);

        var onnxPath = Path.Combine(directory.FullName, "model.onnx");
        Assert.Equal(onnxPath, result.Path);
        Assert.Equal(new FileInfo(onnxPath).Length, result.SizeBytes);
        var lines = report.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"wrote {onnxPath} (", lines[0], StringComparison.Ordinal);
        Assert.Equal("labels: shirt, t-shirt-top", lines[1]);
        Assert.StartsWith("verified against TorchSharp: max probability difference ", lines[2], StringComparison.Ordinal);

        // The file computes what the in-memory model computed before it went through the checkpoint.
        var pixels = ExportTestModels.RandomPixels(seed: 22, batch: 2, height: 32, width: 32);
        long[] shape = [2, 32, 32, 3];
        var difference = ExportTestModels.MaxAbsoluteDifference(
            ExportTestModels.TorchSharpProbabilities(model, pixels, shape),
            ExportTestModels.OnnxRuntimeProbabilities(onnxPath, pixels, shape));
        Assert.InRange(difference, 0, 1e-4);
        using var session = new InferenceSession(onnxPath);
        Assert.Equal(["shirt", "t-shirt-top"], JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap[ModelMetadataKeys.Labels])!);
    }

    [Fact]
    public async Task Export_WhenTheCheckpointDoesNotExist_FailsWithOneActionableLine()
    {
        var missing = Path.Combine(directory.FullName, "missing.ckpt");

        var ex = await Assert.ThrowsAsync<CliException>(() => Invoke("export", "--checkpoint", missing));

        Assert.Contains($"'{missing}' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task Export_WhenTheFileIsNotACheckpoint_FailsAndWritesNothing()
    {
        var notACheckpoint = Path.Combine(directory.FullName, "photo.jpg");
        await File.WriteAllBytesAsync(notACheckpoint, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var output = Path.Combine(directory.FullName, "out.onnx");

        var ex = await Assert.ThrowsAsync<CliException>(() => Invoke("export", "--checkpoint", notACheckpoint, "--output", output));

        Assert.Contains("not an ActressOnnx checkpoint", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["photo.jpg"], directory.EnumerateFiles().Select(file => file.Name));
    }

    [Theory]
    [InlineData(new[] { "--quantize", "int4", "--calibration", "." }, "--quantize 'int4' is not supported; use --quantize int8.")]
    [InlineData(new[] { "--calibration", "." }, "--calibration only applies to a quantized export")]
    [InlineData(new[] { "--quantize", "int8", "--calibration", ".", "--min-agreement", "1.5" }, "--min-agreement must be above 0 and at most 1")]
    [InlineData(new[] { "--calibration-method", "entropy" }, "--calibration-method only applies to a quantized export; add --quantize int8")]
    [InlineData(new[] { "--fp32-layers", "head" }, "--fp32-layers only applies to a quantized export; add --quantize int8")]
    [InlineData(new[] { "--quantize", "int8", "--calibration", ".", "--calibration-method", "kl" }, "--calibration-method 'kl' is not supported; use one of minmax, percentile, entropy, mse.")]
    [InlineData(new[] { "--quantize", "int8", "--calibration", ".", "--calibration-method", "entropy", "--percentile", "99" }, "--percentile only applies to --calibration-method percentile")]
    [InlineData(new[] { "--quantize", "int8", "--calibration", ".", "--calibration-method", "percentile", "--percentile", "40" }, "--percentile must be above 50 and at most 100")]
    [InlineData(new[] { "--quantize", "int8", "--calibration", ".", "--fp32-layers", "fc" }, "--fp32-layers 'fc' is not supported; use none, first-conv, head or first-conv,head.")]
    public async Task Export_WithInconsistentQuantizationOptions_FailsWithOneActionableLine(string[] options, string expected)
    {
        var checkpoint = Path.Combine(directory.FullName, "model.ckpt");
        using var model = ExportTestModels.Fresh(classes: 2, seed: 21);
        TrainingCheckpoint.Save(checkpoint, model, ExportTestModels.Info(32, 32, ["shirt", "t-shirt-top"]));

        var ex = await Assert.ThrowsAsync<CliException>(() => Invoke(["export", "--checkpoint", checkpoint, .. options]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(["model.ckpt"], directory.EnumerateFiles().Select(file => file.Name));
    }

    [Fact]
    public async Task Export_Int8WithEmptyCalibrationFolder_FailsAndWritesNothing()
    {
        var checkpoint = Path.Combine(directory.FullName, "model.ckpt");
        using var model = ExportTestModels.Fresh(classes: 2, seed: 21);
        TrainingCheckpoint.Save(checkpoint, model, ExportTestModels.Info(32, 32, ["shirt", "t-shirt-top"]));
        var calibration = Directory.CreateDirectory(Path.Combine(directory.FullName, "calibration"));
        calibration.CreateSubdirectory("shirt");

        var ex = await Assert.ThrowsAsync<CliException>(() => Invoke("export", "--checkpoint", checkpoint, "--quantize", "int8", "--calibration", calibration.FullName));

        Assert.Contains("holds no images", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["model.ckpt"], directory.EnumerateFiles().Select(file => file.Name));
    }

    [Fact]
    public async Task Export_Int8WithoutCalibrationOrTrainingReport_FailsAskingForCalibrationAndWritesNothing()
    {
        var checkpoint = Path.Combine(directory.FullName, "model.ckpt");
        using var model = ExportTestModels.Fresh(classes: 2, seed: 21);
        TrainingCheckpoint.Save(checkpoint, model, ExportTestModels.Info(32, 32, ["shirt", "t-shirt-top"]));

        var ex = await Assert.ThrowsAsync<CliException>(() => Invoke("export", "--checkpoint", checkpoint, "--quantize", "int8"));

        Assert.Contains(Path.Combine(directory.FullName, "model-report", "predictions.jsonl"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("pass --calibration DIR", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(["model.ckpt"], directory.EnumerateFileSystemInfos().Select(file => file.Name));
    }

    [Fact]
    public void Export_Int8WithoutCalibration_CalibratesOnTheValidationThenTheTrainingImagesOfTheTrainingReport()
    {
        var trained = TrainedCheckpoint.Train(directory.FullName);
        var validRows = trained.ValidRows.Count;
        var trainingRows = ReportCalibrationFiles.Resolve(trained.CheckpointPath, CancellationToken.None).TrainingFiles.Count;
        using var report = new StringWriter();

        var result = ExportInt8FromReport(trained, report);

        Assert.True(trainingRows > 0);
        Assert.Equal(validRows + trainingRows, result.Quantization!.ImageCount);
        Assert.Equal(trained.PredictionsPath, result.Quantization.CalibrationSource);
        Assert.Contains($"int8: calibration set: the {validRows} validation images listed in {trained.PredictionsPath}, then up to {trainingRows} training images", report.ToString(), StringComparison.Ordinal);
        Assert.Contains($"int8: calibrated on {validRows + trainingRows} images from {trained.PredictionsPath}", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("int8: calibration method minmax; kept in FP32: first-conv,head (conv1, logits)", report.ToString(), StringComparison.Ordinal);
        using var session = new InferenceSession(result.Path);
        Assert.Equal("int8", session.ModelMetadata.CustomMetadataMap[ModelMetadataKeys.Quantization]);
        Assert.Equal("first-conv,head", session.ModelMetadata.CustomMetadataMap[ModelMetadataKeys.QuantizationFp32Layers]);
        Assert.Equal("minmax", session.ModelMetadata.CustomMetadataMap[ModelMetadataKeys.QuantizationCalibration]);
    }

    [Fact]
    public void Export_Int8WithoutCalibration_SkipsValidationImagesDeletedOrChangedSinceTrainingAndCountsThem()
    {
        var trained = TrainedCheckpoint.Train(directory.FullName);
        var valid = trained.ValidRows;
        File.Delete(trained.PathOf(valid[0]));
        // Same size, other content: only the hash tells.
        var changed = trained.PathOf(valid[1]);
        var bytes = File.ReadAllBytes(changed);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(changed, bytes);
        var trainingRows = ReportCalibrationFiles.Resolve(trained.CheckpointPath, CancellationToken.None).TrainingFiles.Count;
        using var report = new StringWriter();

        var result = ExportInt8FromReport(trained, report);

        Assert.Equal(valid.Count - 2 + trainingRows, result.Quantization!.ImageCount);
        Assert.Contains(
            $"int8: calibration set: {valid.Count - 2} of the {valid.Count} validation images listed in {trained.PredictionsPath} (skipped 1 missing and 1 changed since training)",
            report.ToString(),
            StringComparison.Ordinal);
    }

    // The agreement bar is low on purpose: a one-epoch model sits near its decision boundary, and these tests are about which images calibrate.
    private static OnnxExportResult ExportInt8FromReport(TrainedCheckpoint trained, TextWriter report)
    {
        var (options, fromReport) = ExportCommand.Quantization("int8", calibrationFolder: null, minAgreement: 0.05);
        Assert.True(fromReport);
        return ExportCommand.Run(trained.CheckpointPath, Path.ChangeExtension(trained.CheckpointPath, ".int8.onnx"), report, CancellationToken.None, options, fromReport);
    }

    private static Task<int> Invoke(params string[] args)
    {
        var root = new RootCommand { ExportCommand.Create() };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
