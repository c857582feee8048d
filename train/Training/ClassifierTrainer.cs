using System.Diagnostics;
using System.Globalization;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static TorchSharp.torch.optim;

namespace ActressOnnx.Train.Training;

/// <summary>
/// Fine-tunes a <see cref="ResNet18"/> on decoded images: AdamW with a one-cycle learning-rate schedule (<see cref="OneCycleSchedule"/>) and
/// cross-entropy loss, validating after every epoch.
/// </summary>
internal static class ClassifierTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> (already on <paramref name="device"/>) for <see cref="TrainingOptions.Epochs"/>
    /// epochs and leaves it in eval mode. <paramref name="progress"/> hears about each epoch synchronously, on the
    /// training thread, as soon as it ends.
    /// </summary>
    /// <param name="transform">Applied to training batches only (augmentation); null for none.</param>
    /// <param name="batchProgress">Hears about every optimiser step, synchronously, on the training thread; may be null.</param>
    /// <exception cref="TrainingException">The options are invalid or there are too few training images.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; training stops after the current batch.</exception>
    public static IReadOnlyList<EpochMetrics> Train(
        ResNet18 model,
        DecodedImages data,
        DatasetSplit split,
        Device device,
        TrainingOptions options,
        ITrainingBatchTransform? transform,
        IProgress<EpochMetrics>? progress,
        CancellationToken cancellationToken,
        IProgress<BatchMetrics>? batchProgress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var trainLoader = new BatchLoader(data, split.Train, options.BatchSize);
        var validLoader = new BatchLoader(data, split.Valid, options.BatchSize);
        var shuffle = new SeededRandom(options.Seed);
        var stepsPerEpoch = trainLoader.Plan(shuffle: null, dropLoneTrailingImage: true).Count;
        if (stepsPerEpoch == 0)
        {
            throw new TrainingException($"Training needs at least 2 training images, got {split.Train.Length}. Add images or lower the validation fraction.");
        }

        using var optimizer = AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var schedule = new OneCycleSchedule(options.LearningRate, options.Epochs * stepsPerEpoch);
        var step = 0;

        var history = new List<EpochMetrics>(options.Epochs);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var stopwatch = Stopwatch.StartNew();
            var batches = trainLoader.Plan(shuffle, dropLoneTrailingImage: true);
            var trainLoss = TrainEpoch(model, trainLoader, batches, device, optimizer, schedule, ref step, epoch, transform, batchProgress, cancellationToken);
            var (validLoss, errorRate) = Validate(model, validLoader, device, cancellationToken);
            var metrics = new EpochMetrics(epoch, trainLoss, validLoss, errorRate, stopwatch.Elapsed);
            history.Add(metrics);
            progress?.Report(metrics);
            if (!double.IsFinite(trainLoss) || (validLoss is { } loss && !double.IsFinite(loss)))
            {
                throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"Training diverged in epoch {epoch} (train loss {trainLoss}, valid loss {validLoss}); nothing was saved. Lower --lr (now {options.LearningRate}) or check the images."));
            }
        }

        return history;
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

    private static double TrainEpoch(
        ResNet18 model,
        BatchLoader loader,
        IReadOnlyList<int[]> batches,
        Device device,
        Optimizer optimizer,
        OneCycleSchedule schedule,
        ref int step,
        int epoch,
        ITrainingBatchTransform? transform,
        IProgress<BatchMetrics>? batchProgress,
        CancellationToken cancellationToken)
    {
        model.train();
        double lossSum = 0;
        long seen = 0;
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (images, targets) = loader.Load(batch, device);
            if (transform is not null)
            {
                images = transform.Apply(images);
            }

            var loss = cross_entropy(Forward(model, images), targets);
            var learningRate = schedule.At(step);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            var batchLoss = loss.item<float>();
            lossSum += batchLoss * batch.Length;
            seen += batch.Length;
            batchProgress?.Report(new BatchMetrics(epoch, step, batchLoss, learningRate, batch.Length));
            step++;
        }

        return lossSum / seen;
    }
}
