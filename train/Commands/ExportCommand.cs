using System.CommandLine;
using System.Globalization;
using ActressOnnx.Train.Export;
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
        var command = new Command("export", "Export a trained checkpoint to ONNX and verify it against TorchSharp in ONNX Runtime.")
        {
            checkpoint, output,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            Run(parse.GetValue(checkpoint)!.FullName, parse.GetValue(output)?.FullName, Console.Out, cancellationToken);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>
    /// Exports <paramref name="checkpointPath"/> to <paramref name="outputPath"/> (default: next to the checkpoint, extension
    /// .onnx) and reports the result on <paramref name="report"/>.
    /// </summary>
    public static OnnxExportResult Run(string checkpointPath, string? outputPath, TextWriter report, CancellationToken cancellationToken)
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

        var (model, info) = Load(checkpointPath);
        using (model)
        {
            OnnxExportResult result;
            try
            {
                result = OnnxExporter.Export(model, info, outputPath, options: null, cancellationToken);
            }
            catch (ExportVerificationException ex)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {result.Path} ({result.SizeBytes / (1024.0 * 1024.0):F1} MiB, {result.SizeBytes} bytes)"));
            report.WriteLine($"labels: {string.Join(", ", info.Labels)}");
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verified against TorchSharp: max probability difference {result.MaxDifference:E2}"));
            return result;
        }
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
