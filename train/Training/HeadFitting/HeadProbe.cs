using System.Diagnostics;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training.HeadFitting;

/// <summary>
/// The first stage of a pretrained run: features of every training image (its mirror, and a few augmented copies as
/// the training batches will see them) through the frozen body, once; a linear head fitted on them to convergence (<see cref="LinearHeadFitter"/>); the head copied into the model.
/// It replaces fastai's frozen epoch, which on a few hundred images is a handful of steps that barely move a random head.
/// </summary>
internal static class HeadProbe
{
    /// <summary>Fits <paramref name="model"/>'s head and returns the stage's metrics as epoch 0.</summary>
    /// <param name="trainLoader">The training images as decoded for validation (the clean views).</param>
    /// <param name="views">Clean views per training image: 1, or 2 with its mirror.</param>
    /// <param name="augmented">
    /// The training batches' source and transform, and how many augmented views of each image to add; null for none.
    /// </param>
    public static EpochMetrics Run(
        ResNet18 model,
        BatchLoader trainLoader,
        BatchLoader validLoader,
        Device device,
        int views,
        (BatchLoader Loader, ITrainingBatchTransform Transform, int Views)? augmented,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainLoader);
        ArgumentNullException.ThrowIfNull(validLoader);
        var stopwatch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var (trainFeatures, trainTargets) = FrozenFeatures.Compute(model, trainLoader, device, views, cancellationToken);
        var viewCount = views;
        if (augmented is { Views: > 0 } extra)
        {
            var (more, moreTargets) = FrozenFeatures.ComputeAugmented(model, extra.Loader, extra.Transform, device, extra.Views, cancellationToken);
            trainFeatures = cat([trainFeatures, more], 0);
            trainTargets = cat([trainTargets, moreTargets], 0);
            viewCount += extra.Views;
        }

        var featureTime = stopwatch.Elapsed;
        var (validFeatures, validTargets) = FrozenFeatures.Compute(model, validLoader, device, views: 1, cancellationToken);
        var fit = LinearHeadFitter.Fit(trainFeatures, trainTargets, model.NumClasses, validFeatures, validTargets, cancellationToken);
        using (no_grad())
        {
            model.Fc.weight!.copy_(fit.Weight);
            model.Fc.bias!.copy_(fit.Bias);
        }

        model.eval();
        return new EpochMetrics(
            Epoch: 0,
            TrainLoss: fit.TrainLoss,
            ValidLoss: fit.ValidLoss,
            ErrorRate: fit.ValidErrorRate,
            Duration: stopwatch.Elapsed,
            LearningRate: 0,
            ImagesPerSecond: trainLoader.ImageCount * viewCount / Math.Max(featureTime.TotalSeconds, 1e-9),
            Frozen: true)
        {
            HeadOnly = true,
            Penalty = fit.Penalty,
        };
    }
}
