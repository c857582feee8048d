using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// The default INT8 calibration set: the validation-split images that the checkpoint's training report lists in
/// <c>predictions.jsonl</c>, resolved against the dataset folder the report records, keeping only the files that
/// are still there unchanged (same size and SHA-256 as when training scored them).
/// </summary>
/// <param name="PredictionsPath">The predictions file the list came from.</param>
/// <param name="Files">Absolute paths of the usable validation images, the classes taken in turn.</param>
/// <param name="ValidRows">Validation rows in the file.</param>
/// <param name="Missing">Validation images no longer at their path.</param>
/// <param name="Changed">Validation images whose content changed since training.</param>
internal sealed record ReportCalibrationFiles(string PredictionsPath, IReadOnlyList<string> Files, int ValidRows, int Missing, int Changed)
{
    /// <summary>
    /// The training images the report lists that are still there unchanged, the classes taken in turn. They follow the
    /// validation images in the calibration set (<see cref="AllFiles"/>): with a few dozen validation images, one image
    /// that sits on a decision boundary would otherwise decide the agreement gate alone.
    /// </summary>
    public IReadOnlyList<string> TrainingFiles { get; init; } = [];

    /// <summary>The validation images, then the training images.</summary>
    public IReadOnlyList<string> AllFiles => [.. Files, .. TrainingFiles];

    /// <summary>Fewer usable validation images than this and the export asks for <c>--calibration DIR</c> instead.</summary>
    public const int MinImages = 8;

    /// <exception cref="QuantizationException">
    /// The report is missing or unreadable, does not record its dataset folder, or fewer than <see cref="MinImages"/>
    /// of its validation images are still there unchanged.
    /// </exception>
    public static ReportCalibrationFiles Resolve(string checkpointPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        var predictionsPath = TrainingReport.PredictionsPathFor(checkpointPath);
        if (PredictionsFile.TryRead(predictionsPath) is not { } rows)
        {
            throw new QuantizationException(
                $"--quantize int8 without --calibration calibrates on the validation images listed in '{predictionsPath}', which is missing or unreadable; pass --calibration DIR with a folder-per-class set of images like those the model will see.");
        }

        if (ReportDataset.TryRead(TrainingReport.DirectoryFor(checkpointPath)) is not { } dataset)
        {
            throw new QuantizationException(
                $"The training report beside '{checkpointPath}' does not record its dataset folder (it predates {ReportDataset.FileName}); pass --calibration DIR with the validation images, or train again.");
        }

        var valid = rows.Where(row => row.Split == SplitNames.Valid).ToList();
        var (byClass, missing, changed) = Unchanged(valid, dataset.Root, cancellationToken);
        var usable = CalibrationSet.InTurn([.. byClass.Values]).ToList();
        if (usable.Count < MinImages)
        {
            throw new QuantizationException(
                $"Only {usable.Count} of the {valid.Count} validation images listed in '{predictionsPath}' are still in '{dataset.Root}' unchanged ({missing} missing, {changed} changed); INT8 calibration needs at least {MinImages}: pass --calibration DIR with a folder-per-class set of images like those the model will see.");
        }

        var (training, _, _) = Unchanged(rows.Where(row => row.Split == SplitNames.Train), dataset.Root, cancellationToken);

        return new ReportCalibrationFiles(predictionsPath, usable, valid.Count, missing, changed)
        {
            TrainingFiles = [.. CalibrationSet.InTurn([.. training.Values])],
        };
    }

    // The listed images still at their path with the content training scored, by class (sorted), and how many were
    // missing or changed.
    private static (SortedDictionary<string, List<string>> ByClass, int Missing, int Changed) Unchanged(
        IEnumerable<ImagePrediction> rows, string root, CancellationToken cancellationToken)
    {
        var byClass = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        int missing = 0, changed = 0;
        foreach (var row in rows.OrderBy(row => row.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetFullPath(Path.Combine(root, row.Path.Replace('/', Path.DirectorySeparatorChar)));
            if (!File.Exists(path))
            {
                missing++;
            }
            else if (!new FileFingerprint(row.Bytes, row.Modified, row.Sha256).Matches(path))
            {
                changed++;
            }
            else
            {
                (byClass.TryGetValue(row.Actual, out var files) ? files : byClass[row.Actual] = []).Add(path);
            }
        }

        return (byClass, missing, changed);
    }
}
