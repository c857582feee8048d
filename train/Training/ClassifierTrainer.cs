using System.Diagnostics;
using System.Globalization;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training.HeadFitting;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using TorchSharp.Modules;
using static TorchSharp.torch.optim;

namespace ActressOnnx.Train.Training;

/// <summary>
/// Fine-tunes a <see cref="ResNet18"/> on decoded images: linear probing, then fine-tuning (Kumar et al., 2022). The
/// head is first fitted to convergence on the frozen body's features (<see cref="HeadProbe"/>, when
/// <see cref="TrainingOptions.FitHead"/>), optionally followed by fastai's <see cref="TrainingOptions.FreezeEpochs"/>; then
/// every layer trains with discriminative learning rates on a one-cycle schedule (<see cref="OneCycleSchedule"/>), AdamW
/// and cross-entropy loss, validating after every epoch. The model ends on the epoch with the lowest validation loss
/// (<see cref="TrainingOptions.KeepBestEpoch"/>), which may be the fitted head alone.
/// </summary>
internal static class ClassifierTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> (already on <paramref name="device"/>): the fitted head (epoch 0, when
    /// <see cref="TrainingOptions.FitHead"/>), then <see cref="TrainingOptions.FreezeEpochs"/> plus
    /// <see cref="TrainingOptions.Epochs"/> epochs, numbered and stepped continuously; leaves it with the kept epoch's
    /// weights, in eval mode, with every parameter trainable. <paramref name="progress"/> hears about each epoch synchronously, on the
    /// training thread, as soon as it ends.
    /// </summary>
    /// <param name="transform">Applied to training batches only (augmentation); null for none.</param>
    /// <param name="batchProgress">Hears about every optimiser step, synchronously, on the training thread; may be null.</param>
    /// <param name="trainingImages">
    /// Where training batches are cut from, when not <paramref name="data"/>: the same images decoded larger, which
    /// <paramref name="transform"/> crops to <paramref name="data"/>'s size. Validation always uses <paramref name="data"/>.
    /// </param>
    /// <exception cref="TrainingException">The options are invalid or there are too few training images.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; training stops after the current batch.</exception>
    public static TrainingOutcome Train(
        ResNet18 model,
        DecodedImages data,
        DatasetSplit split,
        Device device,
        TrainingOptions options,
        ITrainingBatchTransform? transform,
        IProgress<EpochMetrics>? progress,
        CancellationToken cancellationToken,
        IProgress<BatchMetrics>? batchProgress = null,
        DecodedImages? trainingImages = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        if (trainingImages is not null && (trainingImages.Count != data.Count || transform is null))
        {
            throw new ArgumentException("Training images decoded at another size need the same images and a transform that resizes them.", nameof(trainingImages));
        }

        var trainLoader = new BatchLoader(trainingImages ?? data, split.Train, options.BatchSize);
        var validLoader = new BatchLoader(data, split.Valid, options.BatchSize);
        var shuffle = new SeededRandom(options.Seed);
        var stepsPerEpoch = StepsPerEpoch(trainLoader);
        if (stepsPerEpoch == 0)
        {
            throw new TrainingException($"Training needs at least 2 training images, got {split.Train.Length}. Add images or lower the validation fraction.");
        }

        var history = new List<EpochMetrics>(1 + options.FreezeEpochs + options.Epochs);
        var step = 0;
        var best = new BestEpoch(options.KeepBestEpoch && validLoader.ImageCount > 0);
        try
        {
            if (options.FitHead)
            {
                // The head's features come from the images as validation sees them (not the larger training decode).
                var augmented = transform is not null && options.AugmentedFeatureViews > 0
                    ? (trainLoader, transform, options.AugmentedFeatureViews)
                    : ((BatchLoader, ITrainingBatchTransform, int)?)null;
                var metrics = HeadProbe.Run(model, new BatchLoader(data, split.Train, options.BatchSize), validLoader, device, options.FeatureViews, augmented, cancellationToken);
                Record(metrics, candidate: options.Tune != TuneMode.All);
                if (options.Tune == TuneMode.Head)
                {
                    return new TrainingOutcome(history, 0);
                }
            }

            if (options.FreezeEpochs > 0)
            {
                // fastai's fine_tune: the new head (and the batch norms) first, warming up for almost the whole phase.
                var trainable = ParameterGroups.FreezeBody(model);
                var phase = new Phase(
                    Frozen: true,
                    [new AdamW.ParamGroup(trainable, new AdamW.Options { LearningRate = options.LearningRate })],
                    [1.0],
                    new OneCycleSchedule(options.LearningRate, options.FreezeEpochs * stepsPerEpoch, warmupFraction: 0.99));
                RunPhase(phase, options.FreezeEpochs);
                ParameterGroups.Unfreeze(model);
            }

            RunPhase(UnfrozenPhase(model, options, stepsPerEpoch), options.Epochs);
            var kept = best.RestoreInto(model) ?? history.Count - 1;
            return new TrainingOutcome(history, kept);
        }
        finally
        {
            best.Dispose();
            ParameterGroups.Unfreeze(model);
            model.eval();
        }

        void Record(EpochMetrics metrics, bool candidate)
        {
            history.Add(metrics);
            progress?.Report(metrics);
            if (!double.IsFinite(metrics.TrainLoss) || (metrics.ValidLoss is { } loss && !double.IsFinite(loss)))
            {
                throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"Training diverged in epoch {metrics.Epoch} (train loss {metrics.TrainLoss}, valid loss {metrics.ValidLoss}); nothing was saved. Lower --lr (now {options.LearningRate}) or check the images."));
            }

            if (candidate)
            {
                best.Consider(metrics, model);
            }
        }

        void RunPhase(Phase phase, int epochs)
        {
            phase = phase with { FirstStep = step };
            using var optimizer = AdamW(phase.Groups, lr: phase.Schedule.MaxLearningRate, weight_decay: options.WeightDecay);
            for (var i = 0; i < epochs; i++)
            {
                var epoch = history.Count;
                var stopwatch = Stopwatch.StartNew();
                var batches = trainLoader.Plan(shuffle, dropLoneTrailingImage: true);
                var (trainLoss, images) = TrainEpoch(model, trainLoader, batches, device, optimizer, phase, ref step, epoch, transform, batchProgress, options.FreezeBatchNormStatistics, cancellationToken);
                var trainTime = stopwatch.Elapsed;
                var (validLoss, errorRate) = Validate(model, validLoader, device, cancellationToken);
                var learningRate = phase.Schedule.At(Math.Max(0, step - 1 - phase.FirstStep)) * phase.Ratios[^1];
                Record(new EpochMetrics(epoch, trainLoss, validLoss, errorRate, stopwatch.Elapsed, learningRate, images / trainTime.TotalSeconds, phase.Frozen) { StepsTime = trainTime }, candidate: true);
            }
        }
    }

    /// <summary>
    /// Optimiser steps in each epoch of <see cref="Train"/> over <paramref name="loader"/>'s images: its batches, less a
    /// trailing batch of one image (batch norm cannot train on it). Zero when there are fewer than 2 images.
    /// </summary>
    public static int StepsPerEpoch(BatchLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return loader.Plan(shuffle: null, dropLoneTrailingImage: true).Count;
    }

    /// <summary>Mean loss and error rate of <paramref name="model"/> in eval mode over <paramref name="loader"/>'s images.</summary>
    public static (double? Loss, double? ErrorRate) Validate(ResNet18 model, BatchLoader loader, Device device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        if (loader.ImageCount == 0)
        {
            return (null, null);
        }

        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long errors = 0;
        foreach (var batch in loader.Plan(shuffle: null, dropLoneTrailingImage: false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (images, targets) = loader.Load(batch, device);
            var logits = Forward(model, images);
            lossSum += cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            errors += logits.argmax(1).ne(targets).sum().item<long>();
        }

        return (lossSum / loader.ImageCount, (double)errors / loader.ImageCount);
    }

    /// <summary>
    /// Logits of <paramref name="model"/> for decoded images (uint8 NHWC, as <see cref="BatchLoader"/> loads them):
    /// the one place that turns pixels into the network's input, for training, validation, scoring and export checks.
    /// </summary>
    public static Tensor Forward(ResNet18 model, Tensor nhwcBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(nhwcBytes);
        return model.forward(model.Architecture.Normalization.Apply(nhwcBytes));
    }

    // After unfreezing: fastai's fit_one_cycle(epochs, slice(lr/2/spread, lr/2), pct_start=0.3, div=5) for a
    // pretrained body, or a plain one-cycle at lr for every layer of a random one.
    private static Phase UnfrozenPhase(ResNet18 model, TrainingOptions options, int stepsPerEpoch)
    {
        var totalSteps = options.Epochs * stepsPerEpoch;
        if (!options.DiscriminativeLearningRates)
        {
            return new Phase(
                Frozen: false,
                [new AdamW.ParamGroup(model.parameters(), new AdamW.Options { LearningRate = options.LearningRate })],
                [1.0],
                new OneCycleSchedule(options.LearningRate, totalSteps));
        }

        var headRate = options.LearningRate / 2;
        var groups = ParameterGroups.Split(model);
        var rates = ParameterGroups.EvenMultiples(headRate, options.LearningRateSpread, groups.Count);
        return new Phase(
            Frozen: false,
            [.. groups.Select((parameters, i) => new AdamW.ParamGroup(parameters, new AdamW.Options { LearningRate = rates[i] }))],
            [.. rates.Select(rate => rate / headRate)],
            new OneCycleSchedule(headRate, totalSteps, warmupFraction: 0.3, initialDivisor: 5));
    }

    private static (double Loss, long Images) TrainEpoch(
        ResNet18 model,
        BatchLoader loader,
        IReadOnlyList<int[]> batches,
        Device device,
        Optimizer optimizer,
        Phase phase,
        ref int step,
        int epoch,
        ITrainingBatchTransform? transform,
        IProgress<BatchMetrics>? batchProgress,
        bool freezeBatchNormStatistics,
        CancellationToken cancellationToken)
    {
        model.train();
        if (freezeBatchNormStatistics)
        {
            // The body's batch norms keep normalising with their ImageNet running statistics (their scale and shift
            // still train): a few hundred images would otherwise overwrite statistics learnt on a million.
            foreach (var module in model.modules().OfType<BatchNorm2d>())
            {
                module.eval();
            }
        }

        double lossSum = 0;
        long seen = 0;
        // The next batch is copied from the decoded cache to the device while this one trains.
        using var prefetcher = new BatchPrefetcher(batches, batch => loader.Load(batch, device), cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            if (!prefetcher.TryTake(out var batch, out var images, out var targets))
            {
                break;
            }

            if (transform is not null)
            {
                images = transform.Apply(images);
            }

            var loss = cross_entropy(Forward(model, images), targets);
            var learningRate = phase.Schedule.At(step - phase.FirstStep);
            var groupIndex = 0;
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate * phase.Ratios[groupIndex++];
            }

            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            var batchLoss = loss.item<float>();
            lossSum += batchLoss * batch.Length;
            seen += batch.Length;
            batchProgress?.Report(new BatchMetrics(epoch, step, batchLoss, learningRate * phase.Ratios[^1], batch.Length));
            step++;
        }

        return (lossSum / seen, seen);
    }

    /// <summary>One fit_one_cycle: parameter groups, each group's share of the scheduled rate, the schedule.</summary>
    private sealed record Phase(bool Frozen, IReadOnlyList<AdamW.ParamGroup> Groups, double[] Ratios, OneCycleSchedule Schedule)
    {
        /// <summary>The run's step at which this phase's schedule starts.</summary>
        public int FirstStep { get; init; }
    }
}
