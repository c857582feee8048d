using System.Diagnostics;
using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Report;
using ActressOnnx.Train.Training.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training;

/// <summary>The whole `train` pipeline: scan, decode, split, train, save the checkpoint; reports as it goes.</summary>
internal static class TrainingJob
{
    private const int MaxSkippedListed = 20;

    /// <summary>
    /// Runs the job, writing the dataset summary, device, per-epoch table and checkpoint location to
    /// <paramref name="output"/>. The checkpoint is written only after the last epoch, atomically, so a cancelled or
    /// failed run leaves nothing behind.
    /// </summary>
    /// <param name="progress">Also told about each epoch (synchronously, on the training thread); may be null.</param>
    /// <param name="batchProgress">Told the run's shape, then about every step (on the training thread); may be null.</param>
    /// <exception cref="DatasetException">The dataset folder cannot be used.</exception>
    /// <exception cref="TrainingException">The options are invalid or the device is unavailable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; stops after the current batch.</exception>
    public static TrainingJobResult Run(
        TrainingJobOptions options,
        TextWriter output,
        IProgress<EpochMetrics>? progress,
        CancellationToken cancellationToken,
        ITrainingProgress? batchProgress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();

        // A random body has no features worth a head and nothing to protect: every layer at one rate (fit_one_cycle).
        var training = options.IsPretrained ? options.Training : options.Training.ForScratch(epochsGiven: true, learningRateGiven: true);
        var folder = ImageFolder.Scan(options.DataDirectory);
        var device = TrainingDevice.Resolve(options.Device);

        // Weights first: a missing or unusable weights file fails before minutes of decoding.
        random.manual_seed(training.Seed);
        var clock = Stopwatch.StartNew();
        var (model, weights) = CreateModel(options, folder.Labels.Count, device);
        var loadTime = clock.Elapsed;
        using var modelScope = model;
        output.WriteLine(Invariant($"Decoding {folder.Files.Count} images of {folder.Labels.Count} classes at {options.Preprocess.Width}x{options.Preprocess.Height}..."));
        var data = DatasetDecoder.Decode(folder, options.Preprocess, new ImageDecoder(), cancellationToken);
        var split = Audit.LeakFreeSplit.Create(options.DataDirectory, data, options.ValidFraction, training.Seed);
        WriteDatasetSummary(output, folder, data, split);
        output.WriteLine(Audit.LeakFreeSplit.Describe(options.DataDirectory, split));
        output.WriteLine(Invariant($"Device: {device.type.ToString().ToLowerInvariant()}"));
        var size = options.Preprocess;
        output.WriteLine(Invariant(
            $"Training {model.Architecture.Name} from {weights} at {size.Width}x{size.Height} ({size.Resize.ToString().ToLowerInvariant()}): {Schedule(options, training)}, batch size {training.BatchSize}, seed {training.Seed}, augmentation {(options.Augment ? AugmentationSummary(options) : "off")}"));
        var table = new EpochTableWriter(output);
        var reporter = new Progress(table, progress);
        var (transform, trainingImages) = Augmentation(options, data, cancellationToken);
        var decodeTime = clock.Elapsed - loadTime;
        var batches = new List<BatchMetrics>();
        var stepsPerEpoch = ClassifierTrainer.StepsPerEpoch(new BatchLoader(data, split.Train, training.BatchSize));
        if (stepsPerEpoch > 0 && training.Tune != TuneMode.Head)
        {
            // Epochs are numbered from the fitted head's, which takes no steps.
            batchProgress?.Start((training.FitHead ? 1 : 0) + training.FreezeEpochs + training.Epochs, stepsPerEpoch);
        }

        var outcome = ClassifierTrainer.Train(
            model, data, split, device, training, transform, reporter, cancellationToken, new SynchronousList<BatchMetrics>(batches, batchProgress), trainingImages);

        cancellationToken.ThrowIfCancellationRequested();
        var history = outcome.History;
        var kept = outcome.Kept;
        output.WriteLine(KeptSummary(outcome));
        var info = new CheckpointInfo(
            model.Architecture.Name,
            data.Labels,
            options.Preprocess,
            history.Count,
            kept.ValidLoss,
            kept.ErrorRate,
            DateTimeOffset.UtcNow)
        {
            Weights = weights,
        };
        var checkpointPath = Path.GetFullPath(options.OutputPath);
        TrainingCheckpoint.Save(checkpointPath, model, info);
        output.WriteLine($"Saved checkpoint to {checkpointPath}");
        var result = new TrainingJobResult(checkpointPath, info, history, batches);
        var reportStart = clock.Elapsed;
        result = result with { ReportPath = TrainingReport.Create(result, model, data, split, folder.Root, device, cancellationToken) };
        output.WriteLine(TimeSummary(loadTime, decodeTime, history, clock.Elapsed - reportStart, clock.Elapsed));
        return result;
    }

    /// <summary>The starting network (pretrained body, new head) and how to name its weights' source.</summary>
    internal static (ResNet18 Model, string Weights) CreateModel(TrainingJobOptions options, int classCount, Device device)
    {
        try
        {
            return StartingModel.Create(classCount, options.Pretrained, options.WeightsFile, device);
        }
        catch (PretrainedWeightsException ex)
        {
            throw new TrainingException(ex.Message, ex);
        }
    }

    private static string Schedule(TrainingJobOptions options, TrainingOptions training)
    {
        var head = training.FitHead ? Invariant($"head fitted on frozen features ({training.FeatureViews} plain and {(options.Augment ? training.AugmentedFeatureViews : 0)} augmented view(s) per image), then ") : string.Empty;
        if (training.Tune == TuneMode.Head)
        {
            return "head fitted on frozen features only (--tune head)";
        }

        if (!training.DiscriminativeLearningRates)
        {
            return Invariant($"{head}{training.FreezeEpochs + training.Epochs} epochs, one-cycle to learning rate {training.LearningRate}");
        }

        var frozen = training.FreezeEpochs > 0 ? Invariant($"{training.FreezeEpochs} frozen epoch(s) (head and batch norms, learning rate {training.LearningRate}) then ") : string.Empty;
        var rate = training.LearningRate / 2;
        var norms = training.FreezeBatchNormStatistics ? ", batch norms on ImageNet statistics" : string.Empty;
        return Invariant($"{head}{frozen}{training.Epochs} epochs of the whole network (learning rates {rate / training.LearningRateSpread:G3} stem .. {rate:G3} head{norms})");
    }

    /// <summary>Where the run's time went: the steps themselves against everything around them.</summary>
    internal static string TimeSummary(TimeSpan load, TimeSpan decode, IReadOnlyList<EpochMetrics> history, TimeSpan report, TimeSpan total)
    {
        var head = history.Where(e => e.HeadOnly).Sum(e => e.Duration.TotalSeconds);
        var steps = history.Where(e => !e.HeadOnly).Sum(e => e.StepsTime.TotalSeconds);
        var validation = history.Where(e => !e.HeadOnly).Sum(e => (e.Duration - e.StepsTime).TotalSeconds);
        var other = total.TotalSeconds - steps - head - validation - load.TotalSeconds - decode.TotalSeconds - report.TotalSeconds;
        return Invariant($"Time: {total.TotalSeconds:F0} s in all: steps {steps:F0} s ({steps / Math.Max(total.TotalSeconds, 1e-9):P0}), fitted head {head:F0} s, validation {validation:F0} s, weights {load.TotalSeconds:F0} s, decoding {decode.TotalSeconds:F0} s, report {report.TotalSeconds:F0} s, other {other:F0} s");
    }

    /// <summary>One line on what the model ends with and why.</summary>
    internal static string KeptSummary(TrainingOutcome outcome)
    {
        var kept = outcome.Kept;
        var scores = kept.ValidLoss is { } loss ? Invariant($" (valid loss {loss:F4}, error rate {kept.ErrorRate:F4})") : string.Empty;
        if (kept.HeadOnly)
        {
            var fineTuned = outcome.History.Skip(1).Where(e => e.ValidLoss is not null).ToArray();
            var why = fineTuned.Length > 0 ? Invariant($": fine-tuning's best valid loss was {fineTuned.Min(e => e.ValidLoss!.Value):F4}") : string.Empty;
            return Invariant($"Kept: the head fitted on frozen ImageNet features (L2 penalty {kept.Penalty:G2}), body unchanged{scores}{why}");
        }

        return outcome.KeptEpoch == outcome.History.Count - 1
            ? Invariant($"Kept: the last epoch, {kept.Epoch}{scores}")
            : Invariant($"Kept: epoch {kept.Epoch}, the lowest validation loss{scores}");
    }

    // Training images decoded once more, larger, so that random crops keep their detail; validation images stay at
    // the input size, decoded exactly as the service decodes them.
    internal static (ITrainingBatchTransform? Transform, DecodedImages? TrainingImages) Augmentation(
        TrainingJobOptions options, DecodedImages data, CancellationToken cancellationToken)
    {
        if (!options.Augment)
        {
            return (null, null);
        }

        var size = options.Preprocess;
        var augmentation = options.Augmentation;
        var larger = size with { Width = augmentation.DecodeSize(size.Width), Height = augmentation.DecodeSize(size.Height) };
        var trainingImages = larger == size ? null : DatasetDecoder.DecodeAgain(data, larger, new ImageDecoder(), cancellationToken);
        return (new BatchAugmentation(unchecked((options.Training.Seed * 31) + 1), size.Height, size.Width, augmentation), trainingImages);
    }

    private static string AugmentationSummary(TrainingJobOptions options)
    {
        var a = options.Augmentation;
        var size = options.Preprocess;
        return Invariant($"random resized crop (min scale {a.MinScale}) of {a.DecodeSize(size.Width)}x{a.DecodeSize(size.Height)} images, flip, rotate {a.MaxRotateDegrees} deg, zoom {a.MaxZoom}, warp {a.MaxWarp}, lighting {a.MaxLighting}");
    }

    private static void WriteDatasetSummary(TextWriter output, ImageFolder folder, DecodedImages data, DatasetSplit split)
    {
        output.WriteLine(Invariant($"Dataset {folder.Root}: {data.Labels.Count} classes, {data.Count} images, {data.Skipped.Count} skipped"));
        var trainCounts = data.CountPerClass(split.Train);
        var validCounts = data.CountPerClass(split.Valid);
        var width = Math.Max("class".Length, data.Labels.Max(label => label.Length));
        output.WriteLine(Invariant($"  {"class".PadRight(width)}  {"train",6}  {"valid",6}"));
        for (var label = 0; label < data.Labels.Count; label++)
        {
            output.WriteLine(Invariant($"  {data.Labels[label].PadRight(width)}  {trainCounts[label],6}  {validCounts[label],6}"));
        }

        foreach (var skipped in data.Skipped.Take(MaxSkippedListed))
        {
            output.WriteLine($"warning: skipped {skipped.Path}: {skipped.Reason}");
        }

        if (data.Skipped.Count > MaxSkippedListed)
        {
            output.WriteLine(Invariant($"warning: ... and {data.Skipped.Count - MaxSkippedListed} more files skipped"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class SynchronousList<T>(List<T> items, IProgress<T>? next) : IProgress<T>
    {
        public void Report(T value)
        {
            items.Add(value);
            next?.Report(value);
        }
    }

    private sealed class Progress(IProgress<EpochMetrics> first, IProgress<EpochMetrics>? second) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics value)
        {
            first.Report(value);
            second?.Report(value);
        }
    }
}
