using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Report;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Clean;

/// <summary>
/// Scores every image of a dataset with a checkpoint for the cleaner page, or reuses the training report's
/// predictions.jsonl when it describes exactly the files on disk (same paths, sizes and modification times).
/// </summary>
internal static class CleanScoring
{
    /// <param name="validFraction">With <paramref name="seed"/>, the split used when scoring again; use the values training used.</param>
    /// <exception cref="CleanSetupException">The checkpoint or dataset cannot be used (missing, damaged, or their classes differ).</exception>
    public static CleanDataset Load(
        string dataDirectory,
        string checkpointPath,
        double validFraction,
        int seed,
        DeviceChoice deviceChoice,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ImageFolder folder;
        try
        {
            folder = ImageFolder.Scan(dataDirectory);
        }
        catch (DatasetException ex)
        {
            throw new CleanSetupException(ex.Message, ex);
        }

        var device = TrainingDevice.Resolve(deviceChoice);
        var (model, info) = LoadCheckpoint(checkpointPath, device);
        using (model)
        {
            if (!info.Labels.SequenceEqual(folder.Labels, StringComparer.Ordinal))
            {
                throw new CleanSetupException(
                    $"Checkpoint '{checkpointPath}' was trained on the classes [{string.Join(", ", info.Labels)}] but '{folder.Root}' has the class folders [{string.Join(", ", folder.Labels)}]. " +
                    "Pass the checkpoint trained on this dataset, or train again.");
            }

            var predictionsPath = TrainingReport.PredictionsPathFor(checkpointPath);
            if (TryReuse(folder, predictionsPath) is { } reused)
            {
                output.WriteLine($"Reusing the scores in {predictionsPath} (they match the files on disk).");
                return new CleanDataset(folder.Root, folder.Labels, reused, Reused: true);
            }

            output.WriteLine($"Scoring {folder.Files.Count} images with {checkpointPath} at {info.Preprocess.Width}x{info.Preprocess.Height}...");
            DecodedImages data;
            try
            {
                data = DatasetDecoder.Decode(folder, info.Preprocess, new ImageDecoder(), cancellationToken);
            }
            catch (DatasetException ex)
            {
                throw new CleanSetupException(ex.Message, ex);
            }

            var split = Audit.LeakFreeSplit.Create(dataDirectory, data, validFraction, seed);
            var predictions = ImageScorer.Score(model, data, split, folder.Root, device, cancellationToken);
            var items = predictions.Select((p, i) => new CleanItem(i, p.Path, p.Actual, p.Split, p.Predicted, p.Probability, p.Loss, null, new FileFingerprint(p.Bytes, p.Modified, p.Sha256))).ToList();
            foreach (var skipped in data.Skipped)
            {
                output.WriteLine($"warning: {skipped.Path} does not decode ({skipped.Reason}); it is listed first so you can delete it.");
                var relative = Relative(folder.Root, skipped.Path);
                items.Add(new CleanItem(items.Count, relative, relative[..relative.IndexOf('/', StringComparison.Ordinal)], null, null, null, null, skipped.Reason, FileFingerprint.Of(skipped.Path)));
            }

            return new CleanDataset(folder.Root, folder.Labels, items, Reused: false);
        }
    }

    private static (Model.ResNet18 Model, CheckpointInfo Info) LoadCheckpoint(string checkpointPath, TorchSharp.torch.Device device)
    {
        try
        {
            return TrainingCheckpoint.Load(checkpointPath, device);
        }
        catch (Exception ex) when (ex is FileNotFoundException or CheckpointFormatException)
        {
            throw new CleanSetupException(ex.Message, ex);
        }
    }

    private static List<CleanItem>? TryReuse(ImageFolder folder, string predictionsPath)
    {
        if (PredictionsFile.TryRead(predictionsPath) is not { } rows || rows.Count != folder.Files.Count)
        {
            return null;
        }

        var byPath = rows.ToDictionary(r => r.Path, StringComparer.Ordinal);
        if (byPath.Count != rows.Count)
        {
            return null;
        }

        var items = new List<CleanItem>(rows.Count);
        foreach (var file in folder.Files)
        {
            var relative = Relative(folder.Root, file.Path);
            var info = new FileInfo(file.Path);
            if (!byPath.TryGetValue(relative, out var row) || row.Actual != folder.Labels[file.Label] || row.Bytes != info.Length || row.Modified != info.LastWriteTimeUtc)
            {
                return null;
            }

            items.Add(new CleanItem(items.Count, relative, row.Actual, row.Split, row.Predicted, row.Probability, row.Loss, null, new FileFingerprint(row.Bytes, row.Modified, row.Sha256)));
        }

        return items;
    }

    internal static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
