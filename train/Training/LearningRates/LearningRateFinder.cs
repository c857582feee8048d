using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static TorchSharp.torch.optim;

namespace ActressOnnx.Train.Training.LearningRates;

/// <summary>
/// fastai's learning-rate range test: train on successive training batches while the learning rate rises
/// exponentially, recording the smoothed loss, until it diverges. The model is changed by the sweep; callers
/// throw it away. With <paramref name="frozen"/> the body is frozen as in fine-tuning's first phase.
/// </summary>
internal static class LearningRateFinder
{
    /// <exception cref="TrainingException">There are too few training images, or the loss is not finite at the start.</exception>
    public static LearningRateSweep Run(
        ResNet18 model,
        DecodedImages images,
        IReadOnlyList<int> trainIndices,
        Device device,
        int batchSize,
        int seed,
        bool frozen,
        LearningRateFinderOptions options,
        ITrainingBatchTransform? transform,
        IProgress<(int Step, double LearningRate, double Loss)>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loader = new BatchLoader(images, trainIndices, batchSize);
        var shuffle = new SeededRandom(seed);
        if (ClassifierTrainer.StepsPerEpoch(loader) == 0)
        {
            throw new TrainingException($"The learning-rate finder needs at least 2 training images, got {trainIndices.Count}.");
        }

        var parameters = frozen ? ParameterGroups.FreezeBody(model) : [.. model.parameters()];
        try
        {
            using var optimizer = AdamW(parameters, lr: options.StartLearningRate, weight_decay: 0.01);
            model.train();
            var rates = new List<double>(options.Iterations);
            var losses = new List<double>(options.Iterations);
            var average = 0.0;
            var best = double.MaxValue;
            var batches = new Queue<int[]>();
            for (var step = 0; step < options.Iterations; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (batches.Count == 0)
                {
                    foreach (var planned in loader.Plan(shuffle, dropLoneTrailingImage: true))
                    {
                        batches.Enqueue(planned);
                    }
                }

                var rate = options.StartLearningRate * Math.Pow(options.EndLearningRate / options.StartLearningRate, (double)step / (options.Iterations - 1));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                double loss;
                using (NewDisposeScope())
                {
                    var (x, targets) = loader.Load(batches.Dequeue(), device);
                    if (transform is not null)
                    {
                        x = transform.Apply(x);
                    }

                    var batchLoss = cross_entropy(ClassifierTrainer.Forward(model, x), targets);
                    optimizer.zero_grad();
                    batchLoss.backward();
                    optimizer.step();
                    loss = batchLoss.item<float>();
                }

                average = (options.Smoothing * average) + ((1 - options.Smoothing) * loss);
                var smoothed = average / (1 - Math.Pow(options.Smoothing, step + 1));
                if (!double.IsFinite(smoothed))
                {
                    break;
                }

                rates.Add(rate);
                losses.Add(smoothed);
                progress?.Report((step, rate, smoothed));
                best = Math.Min(best, smoothed);
                if (smoothed > options.DivergenceFactor * best)
                {
                    break;
                }
            }

            if (rates.Count < 2)
            {
                throw new TrainingException("The loss was not finite from the first steps of the sweep; check the images or lower --start-lr.");
            }

            return LearningRateSweep.From(rates, losses);
        }
        finally
        {
            ParameterGroups.Unfreeze(model);
            model.eval();
        }
    }
}
