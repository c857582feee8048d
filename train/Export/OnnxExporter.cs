using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using Google.Protobuf;
using ActressOnnx.Train.IO;
using ActressOnnx.Train.Export.Quantization;

namespace ActressOnnx.Train.Export;

/// <summary>Writes a <see cref="ResNet18"/> as a verified ONNX file, atomically.</summary>
internal static class OnnxExporter
{
    /// <summary>
    /// Builds the graph, writes it to a temporary file next to <paramref name="outputPath"/>, checks it against the
    /// TorchSharp model with <see cref="ExportVerifier"/>, and only then renames it into place. A file that fails the
    /// check, or an export that is cancelled, leaves <paramref name="outputPath"/> as it was.
    /// </summary>
    /// <exception cref="ExportVerificationException">ONNX Runtime's probabilities differ from TorchSharp's by more than the tolerance.</exception>
    public static OnnxExportResult Export(ResNet18 model, CheckpointInfo info, string outputPath, OnnxExportOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        options ??= new OnnxExportOptions();
        cancellationToken.ThrowIfCancellationRequested();

        var fullPath = Path.GetFullPath(outputPath);
        var onnx = ResNet18OnnxGraph.Build(model, info, options.TestTimeAugmentation);
        options.AlterBeforeWrite?.Invoke(onnx);
        cancellationToken.ThrowIfCancellationRequested();

        if (options.CalibrationFolder is not null || options.CalibrationFiles is not null)
        {
            return ExportQuantized(model, info, onnx, fullPath, options, cancellationToken);
        }

        var maxDifference = AtomicFile.Write(
            fullPath,
            onnx.WriteTo,
            written => ExportVerifier.Verify(written, model, info.Preprocess, options, cancellationToken));
        return new OnnxExportResult(fullPath, new FileInfo(fullPath).Length, maxDifference);
    }

    // The FP32 graph is checked against TorchSharp first (in memory), so a quantization problem is never mistaken for an export one.
    private static OnnxExportResult ExportQuantized(
        ResNet18 model, CheckpointInfo info, Onnx.Proto.ModelProto fp32, string fullPath, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        var maxDifference = ExportVerifier.Verify(fp32.ToByteArray(), model, info.Preprocess, options, cancellationToken);
        var calibration = options.CalibrationFolder is { } folder
            ? CalibrationSet.Load(folder, info.Preprocess, options.Quantization.MaxImages, cancellationToken)
            : CalibrationSet.Load(options.CalibrationFiles!.PredictionsPath, options.CalibrationFiles.AllFiles, info.Preprocess, options.Quantization.MaxImages, cancellationToken);
        var (int8, report) = Int8Quantizer.Quantize(fp32, calibration, info.Preprocess, options.Quantization, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.Write(fullPath, int8.WriteTo);
        return new OnnxExportResult(fullPath, new FileInfo(fullPath).Length, maxDifference, report);
    }
}
