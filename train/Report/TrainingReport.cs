using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Report;

/// <summary>
/// Writes the training report beside a checkpoint: <c>NAME-report/report.html</c> with its charts (PNG), the top
/// losses of the validation split, <c>predictions.jsonl</c> with what the model predicts for every image, and
/// <c>dataset.json</c> with the dataset folder those paths are relative to.
/// </summary>
internal static class TrainingReport
{
    public const string HtmlFileName = "report.html";
    public const int DefaultTopLosses = 16;

    /// <summary>The report folder of a checkpoint: <c>model.ckpt</c> gives <c>model-report</c> in the same folder.</summary>
    public static string DirectoryFor(string checkpointPath)
    {
        var full = Path.GetFullPath(checkpointPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-report");
    }

    /// <summary>The <c>predictions.jsonl</c> of a checkpoint's report.</summary>
    public static string PredictionsPathFor(string checkpointPath) => Path.Combine(DirectoryFor(checkpointPath), PredictionsFile.FileName);

    /// <summary>Scores every image with the trained model, then writes the report; returns the path of report.html.</summary>
    public static string Create(
        TrainingJobResult result,
        ResNet18 model,
        DecodedImages data,
        DatasetSplit split,
        string dataRoot,
        Device device,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var predictions = ImageScorer.Score(model, data, split, dataRoot, device, cancellationToken);
        var input = new TrainingReportInput(dataRoot, result.CheckpointPath, result.History, result.Batches, data, predictions);
        return Write(DirectoryFor(result.CheckpointPath), input);
    }

    /// <summary>Writes the report into <paramref name="directory"/> (replacing an older one there); returns the path of report.html.</summary>
    public static string Write(string directory, TrainingReportInput input, int topLosses = DefaultTopLosses)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Predictions.Count != input.Data.Count)
        {
            throw new ArgumentException($"Expected one prediction per image ({input.Data.Count}), got {input.Predictions.Count}.", nameof(input));
        }

        var topFolder = Path.Combine(directory, "top-losses");
        if (Directory.Exists(topFolder))
        {
            Directory.Delete(topFolder, recursive: true);
        }

        Directory.CreateDirectory(topFolder);
        var valid = input.Predictions.Where(p => p.Split == SplitNames.Valid).ToList();
        var metrics = ClassificationMetrics.From(input.Data.Labels, valid);
        ReportPlots.Loss(Path.Combine(directory, ReportHtml.LossChart), input.Batches, input.History);
        ReportPlots.LearningRate(Path.Combine(directory, ReportHtml.LearningRateChart), input.Batches);
        ReportPlots.ErrorRate(Path.Combine(directory, ReportHtml.ErrorRateChart), input.History);
        ReportPlots.ConfusionMatrix(Path.Combine(directory, ReportHtml.ConfusionChart), metrics);

        var settings = input.Data.Settings;
        var top = input.Predictions
            .Select((prediction, index) => (prediction, index))
            .Where(x => x.prediction.Split == SplitNames.Valid)
            .OrderByDescending(x => x.prediction.Loss)
            .Take(topLosses)
            .Select((x, rank) =>
            {
                var file = $"top-losses/{rank + 1:D2}.png";
                RgbPng.Write(Path.Combine(directory, file), input.Data.GetPixels(x.index), settings.Width, settings.Height);
                return new TopLoss(x.prediction, file);
            })
            .ToList();

        PredictionsFile.Write(Path.Combine(directory, PredictionsFile.FileName), input.Predictions);
        ReportDataset.Write(directory, input.DataRoot);
        var htmlPath = Path.Combine(directory, HtmlFileName);
        IO.AtomicFile.Write(htmlPath, System.Text.Encoding.UTF8.GetBytes(ReportHtml.Render(input, metrics, top)));
        return htmlPath;
    }
}
