using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training.HeadFitting;

/// <summary>
/// The pooled 512-wide body features of decoded images, computed once with the body frozen in eval mode (batch norms
/// on their running statistics), so that a head can be fitted on them in seconds instead of epochs.
/// </summary>
internal static class FrozenFeatures
{
    /// <summary>
    /// Features <c>[N * views, 512]</c> and targets <c>[N * views]</c> of <paramref name="loader"/>'s images, as float32 and
    /// int64 tensors on <paramref name="device"/>, owned by the caller's dispose scope. View 0 is the image as decoded;
    /// view 1, when <paramref name="views"/> is 2, its horizontal mirror.
    /// </summary>
    public static (Tensor Features, Tensor Targets) Compute(ResNet18 model, BatchLoader loader, Device device, int views, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(views, 2);
        return Compute(model, loader, device, (images, view) => view == 0 ? images : images.flip(2), views, cancellationToken);
    }

    /// <summary>
    /// Features and targets of <paramref name="views"/> randomly augmented copies of each of <paramref name="loader"/>'s
    /// images, as the training batches will see them (<paramref name="transform"/>), so a head fitted on them is not
    /// overconfident on the first augmented batches of fine-tuning.
    /// </summary>
    public static (Tensor Features, Tensor Targets) ComputeAugmented(
        ResNet18 model, BatchLoader loader, ITrainingBatchTransform transform, Device device, int views, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        return Compute(model, loader, device, (images, _) => transform.Apply(images), views, cancellationToken);
    }

    // NHWC uint8 batch and view index -> the batch the body sees.
    private static (Tensor Features, Tensor Targets) Compute(
        ResNet18 model, BatchLoader loader, Device device, Func<Tensor, int, Tensor> view, int views, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(device);

        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var features = new List<Tensor>();
            var targets = new List<Tensor>();
            using (var scope = NewDisposeScope())
            {
                foreach (var batch in loader.Plan(shuffle: null, dropLoneTrailingImage: false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (images, batchTargets) = loader.Load(batch, device);
                    for (var v = 0; v < views; v++)
                    {
                        // NHWC: the width axis is 2.
                        features.Add(model.Features(model.Architecture.Normalization.Apply(view(images, v))));
                        targets.Add(batchTargets);
                    }
                }

                var all = features.Count == 0 ? empty([0, ResNet18.FeatureCount], device: device) : cat(features, 0);
                var allTargets = targets.Count == 0 ? empty([0], ScalarType.Int64, device: device) : cat(targets, 0);
                scope.MoveToOuter(all, allTargets);
                return (all, allTargets);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
