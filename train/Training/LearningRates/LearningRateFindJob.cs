using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training.LearningRates;

/// <summary>The `lr-find` pipeline: the same data, split, starting weights and augmentation as `train`, then a sweep and a plot.</summary>
internal static class LearningRateFindJob
{
    /// <summary>Runs the sweep on the training part of the split and writes the plot to <paramref name="plotPath"/>.</summary>
    /// <exception cref="DatasetException">The dataset folder cannot be used.</exception>
    /// <exception cref="TrainingException">The options are invalid or the weights cannot be loaded.</exception>
    public static LearningRateSweep Run(
        TrainingJobOptions options,
        LearningRateFinderOptions finder,
        string plotPath,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(finder);
        ArgumentException.ThrowIfNullOrWhiteSpace(plotPath);
        ArgumentNullException.ThrowIfNull(output);
        if (Directory.Exists(plotPath))
        {
            throw new TrainingException($"The plot path '{plotPath}' must be a file name, not a folder (e.g. lr-find.png).");
        }

        options.Validate();
        finder.Validate();
        var folder = ImageFolder.Scan(options.DataDirectory);
        var device = TrainingDevice.Resolve(options.Device);
        random.manual_seed(options.Training.Seed);
        var (model, weights) = TrainingJob.CreateModel(options, folder.Labels.Count, device);
        using var modelScope = model;
        output.WriteLine(Invariant($"Decoding {folder.Files.Count} images of {folder.Labels.Count} classes at {options.Preprocess.Width}x{options.Preprocess.Height}..."));
        var data = DatasetDecoder.Decode(folder, options.Preprocess, new ImageDecoder(), cancellationToken);
        var split = Audit.LeakFreeSplit.Create(options.DataDirectory, data, options.ValidFraction, options.Training.Seed);
        var (transform, trainingImages) = TrainingJob.Augmentation(options, data, cancellationToken);
        var frozen = options.IsPretrained;
        output.WriteLine(Invariant(
            $"Sweeping the learning rate from {finder.StartLearningRate:0.#e+0} to {finder.EndLearningRate:0.#e+0} over at most {finder.Iterations} batches of {options.Training.BatchSize} ({split.Train.Length} training images; {model.Architecture.Name} from {weights}, body {(frozen ? "frozen, as in fine-tuning's first epochs" : "trainable")})"));

        var sweep = LearningRateFinder.Run(
            model, trainingImages ?? data, split.Train, device, options.Training.BatchSize, options.Training.Seed, frozen, finder, transform, null, cancellationToken);
        var fullPath = Path.GetFullPath(plotPath);
        LearningRatePlot.Save(sweep, fullPath);
        output.WriteLine(Invariant($"Swept {sweep.LearningRates.Count} learning rates up to {LearningRatePlot.Format(sweep.LearningRates[^1])} (lowest loss {sweep.Losses.Min():F4})."));
        output.WriteLine($"Suggested learning rate: {LearningRatePlot.Format(sweep.Valley)} (valley; minimum/10: {LearningRatePlot.Format(sweep.MinimumOverTen)}, steepest: {LearningRatePlot.Format(sweep.Steepest)})");
        output.WriteLine($"Plot: {fullPath}");
        return sweep;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
