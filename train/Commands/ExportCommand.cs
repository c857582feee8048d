using System.CommandLine;
using System.Globalization;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Export.Quantization;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>export</c> command: checkpoint in, verified ONNX model out.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "Checkpoint written by 'actressonnx train'.", Required = true };
        var output = new Option<FileInfo?>("--output") { Description = "ONNX file to write (default: the checkpoint's path with the extension .onnx)." };
        var quantize = new Option<string?>("--quantize") { Description = "Write a statically quantized model: int8.", HelpName = "int8" };
        var calibration = new Option<DirectoryInfo?>("--calibration")
        {
            Description = "Folder-per-class images for INT8 calibration and the FP32 agreement check (default: the validation images listed in the checkpoint's training report).",
        };
        var minAgreement = new Option<double>("--min-agreement")
        {
            Description = "Least share (0..1] of calibration images on which INT8 must pick the FP32 label.",
            DefaultValueFactory = _ => new QuantizationOptions().MinLabelAgreement,
        };
        var method = new Option<string?>("--calibration-method")
        {
            Description = $"How INT8 activation ranges are picked from the calibration images: minmax (every value fits), percentile (clips the rarest values, see --percentile), entropy (TensorRT's KL-divergence threshold) or mse (least quantization error). Default: {CalibrationNames.Name(new QuantizationOptions().Method)}.",
            HelpName = string.Join('|', CalibrationNames.Methods),
        };
        var percentile = new Option<double?>("--percentile")
        {
            Description = $"With --calibration-method percentile: the share in percent of each activation's values kept inside its range at either end (above 50, at most 100; default {new QuantizationOptions().Percentile.ToString(CultureInfo.InvariantCulture)}).",
        };
        var fp32Layers = new Option<string?>("--fp32-layers")
        {
            Description = $"Layers an INT8 export leaves in FP32: none, first-conv, head, or first-conv,head. Default: {CalibrationNames.Name(new QuantizationOptions().Fp32Layers)}.",
            HelpName = "none|first-conv|head|first-conv,head",
        };
        var tta = new Option<bool>("--tta")
        {
            Description = "Test-time augmentation in the graph: each image's probabilities are the average of its own and its horizontal mirror image's (about twice the inference work).",
        };
        var command = new Command("export", "Export a trained checkpoint to ONNX and verify it against TorchSharp in ONNX Runtime.")
        {
            checkpoint, output, quantize, calibration, minAgreement, method, percentile, fp32Layers, tta,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var (quantization, fromReport) = Quantization(
                parse.GetValue(quantize), parse.GetValue(calibration)?.FullName, parse.GetValue(minAgreement), parse.GetValue(method), parse.GetValue(percentile), parse.GetValue(fp32Layers));
            if (parse.GetValue(tta))
            {
                quantization = (quantization ?? new OnnxExportOptions()) with { TestTimeAugmentation = true };
            }

            Run(parse.GetValue(checkpoint)!.FullName, parse.GetValue(output)?.FullName, Console.Out, cancellationToken, quantization, fromReport);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>
    /// Exports <paramref name="checkpointPath"/> to <paramref name="outputPath"/> (default: next to the checkpoint, extension
    /// .onnx) and reports the result on <paramref name="report"/>.
    /// </summary>
    /// <param name="calibrateFromReport">
    /// Quantize with <paramref name="options"/>, calibrating on the validation images listed in the checkpoint's training
    /// report (<see cref="ReportCalibrationFiles"/>).
    /// </param>
    public static OnnxExportResult Run(
        string checkpointPath, string? outputPath, TextWriter report, CancellationToken cancellationToken, OnnxExportOptions? options = null, bool calibrateFromReport = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        ArgumentNullException.ThrowIfNull(report);
        outputPath ??= Path.ChangeExtension(checkpointPath, ".onnx");
        if (!File.Exists(checkpointPath))
        {
            throw new CliException($"Checkpoint '{checkpointPath}' does not exist; train one with 'actressonnx train' or check the path.");
        }

        if (string.Equals(Path.GetFullPath(checkpointPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
        {
            throw new CliException($"--output '{outputPath}' is the checkpoint itself; choose another path.");
        }

        if (calibrateFromReport)
        {
            options = (options ?? new OnnxExportOptions()) with { CalibrationFiles = DefaultCalibration(checkpointPath, report, cancellationToken) };
        }

        var (model, info) = Load(checkpointPath);
        using (model)
        {
            OnnxExportResult result;
            try
            {
                result = OnnxExporter.Export(model, info, outputPath, options, cancellationToken);
            }
            catch (Exception ex) when (ex is ExportVerificationException or QuantizationException or QuantizationAgreementException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {result.Path} ({result.SizeBytes / (1024.0 * 1024.0):F1} MiB, {result.SizeBytes} bytes)"));
            report.WriteLine($"labels: {string.Join(", ", info.Labels)}");
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verified against TorchSharp: max probability difference {result.MaxDifference:E2}"));
            if (options?.TestTimeAugmentation == true)
            {
                report.WriteLine($"test-time augmentation: each output averages the image and its horizontal mirror image (metadata {Inference.ModelMetadataKeys.TestTimeAugmentation}: {TestTimeAugmentationGraph.MetadataValue})");
            }

            if (result.Quantization is { } q)
            {
                report.WriteLine($"int8: calibrated on {q.ImageCount} images from {q.CalibrationSource}");
                report.WriteLine(q.Fp32Nodes.Count == 0
                    ? $"int8: calibration method {q.Calibration}; every Conv and Gemm quantized"
                    : $"int8: calibration method {q.Calibration}; kept in FP32: {q.Fp32Layers} ({string.Join(", ", q.Fp32Nodes)})");
                report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"int8: label agreement with FP32 {q.LabelAgreement * 100:F1}% on {q.ImageCount} calibration images, mean probability difference {q.MeanAbsoluteDifference:E2} (max {q.MaxAbsoluteDifference:E2})"));
                if (q.SkippedFiles > 0)
                {
                    report.WriteLine($"int8: {q.SkippedFiles} calibration file(s) did not decode and were skipped");
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Export options for <c>--quantize</c>/<c>--calibration</c>/<c>--min-agreement</c>/<c>--calibration-method</c>/<c>--percentile</c>/<c>--fp32-layers</c>;
    /// null for a plain FP32 export. FromReport is true for <c>--quantize int8</c> without <c>--calibration</c>: calibrate on the report's validation images.
    /// </summary>
    internal static (OnnxExportOptions? Options, bool FromReport) Quantization(
        string? quantize, string? calibrationFolder, double minAgreement, string? method = null, double? percentile = null, string? fp32Layers = null)
    {
        if (quantize is null)
        {
            var stray = calibrationFolder is not null ? "--calibration"
                : method is not null ? "--calibration-method"
                : percentile is not null ? "--percentile"
                : fp32Layers is not null ? "--fp32-layers"
                : null;
            return stray is null ? (null, false) : throw new CliException($"{stray} only applies to a quantized export; add --quantize int8 or drop {stray}.");
        }

        if (!string.Equals(quantize, Int8Quantizer.MetadataValue, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"--quantize '{quantize}' is not supported; use --quantize int8.");
        }

        if (!(minAgreement > 0 && minAgreement <= 1))
        {
            throw new CliException($"--min-agreement must be above 0 and at most 1 (got {minAgreement.ToString(CultureInfo.InvariantCulture)}).");
        }

        var defaults = new QuantizationOptions();
        var calibrationMethod = defaults.Method;
        if (method is not null && !CalibrationNames.TryParseMethod(method, out calibrationMethod))
        {
            throw new CliException($"--calibration-method '{method}' is not supported; use one of {string.Join(", ", CalibrationNames.Methods)}.");
        }

        if (percentile is { } p && calibrationMethod != CalibrationMethod.Percentile)
        {
            throw new CliException($"--percentile only applies to --calibration-method percentile; add it or drop --percentile {p.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (percentile is { } share && !(share > 50 && share <= 100))
        {
            throw new CliException($"--percentile must be above 50 and at most 100 (got {share.ToString(CultureInfo.InvariantCulture)}), e.g. 99.99.");
        }

        var layers = defaults.Fp32Layers;
        if (fp32Layers is not null && !CalibrationNames.TryParseLayers(fp32Layers, out layers))
        {
            throw new CliException($"--fp32-layers '{fp32Layers}' is not supported; use none, first-conv, head or first-conv,head.");
        }

        var options = new OnnxExportOptions
        {
            CalibrationFolder = calibrationFolder,
            Quantization = defaults with
            {
                MinLabelAgreement = minAgreement,
                Method = calibrationMethod,
                Percentile = percentile ?? defaults.Percentile,
                Fp32Layers = layers,
            },
        };
        return (options, calibrationFolder is null);
    }

    private static ReportCalibrationFiles DefaultCalibration(string checkpointPath, TextWriter report, CancellationToken cancellationToken)
    {
        ReportCalibrationFiles files;
        try
        {
            files = ReportCalibrationFiles.Resolve(checkpointPath, cancellationToken);
        }
        catch (QuantizationException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }

        var skipped = files.Missing + files.Changed;
        var training = files.TrainingFiles.Count > 0 ? $", then up to {files.TrainingFiles.Count} training images" : string.Empty;
        report.WriteLine(skipped == 0
            ? $"int8: calibration set: the {files.Files.Count} validation images listed in {files.PredictionsPath}{training}"
            : $"int8: calibration set: {files.Files.Count} of the {files.ValidRows} validation images listed in {files.PredictionsPath} (skipped {files.Missing} missing and {files.Changed} changed since training){training}");
        return files;
    }

    private static (Model.ResNet18 Model, CheckpointInfo Info) Load(string checkpointPath)
    {
        try
        {
            return TrainingCheckpoint.Load(checkpointPath, CPU);
        }
        catch (CheckpointFormatException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }
    }
}
