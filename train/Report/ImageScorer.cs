using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Report;

/// <summary>Runs a trained model over every decoded image (eval mode, no augmentation) and records what it predicts and the loss.</summary>
internal static class ImageScorer
{
    private const int BatchSize = 64;

    /// <param name="root">The dataset folder; paths are recorded relative to it.</param>
    /// <param name="split">Which images were validation images; those not in <see cref="DatasetSplit.Valid"/> are training images.</param>
    public static IReadOnlyList<ImagePrediction> Score(
        ResNet18 model,
        DecodedImages data,
        DatasetSplit split,
        string root,
        Device device,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (model.NumClasses != data.Labels.Count)
        {
            throw new ArgumentException($"The model has {model.NumClasses} outputs but the dataset has {data.Labels.Count} classes.", nameof(model));
        }

        var valid = new HashSet<int>(split.Valid);
        var loader = new BatchLoader(data, Enumerable.Range(0, data.Count).ToArray(), BatchSize);
        var probabilities = new float[data.Count][];
        model.eval();
        using (no_grad())
        {
            foreach (var batch in loader.Plan(shuffle: null, dropLoneTrailingImage: false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (images, _) = loader.Load(batch, device);
                var probs = ClassifierTrainer.Forward(model, images).softmax(1).cpu().data<float>().ToArray();
                var classes = data.Labels.Count;
                for (var i = 0; i < batch.Length; i++)
                {
                    probabilities[batch[i]] = probs.AsSpan(i * classes, classes).ToArray();
                }
            }
        }

        var predictions = new ImagePrediction[data.Count];
        Parallel.For(0, data.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var probs = probabilities[i];
            var actual = data.Targets[i];
            var predicted = ArgMax(probs);
            var actualProbability = (double)probs[actual];
            var path = data.Paths[i];
            var fingerprint = FileFingerprint.Of(path);
            predictions[i] = new ImagePrediction(
                Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'),
                valid.Contains(i) ? SplitNames.Valid : SplitNames.Train,
                data.Labels[actual],
                data.Labels[predicted],
                probs[predicted],
                actualProbability,
                -Math.Log(Math.Max(actualProbability, 1e-12)),
                fingerprint.Bytes,
                fingerprint.Modified,
                fingerprint.Sha256);
        });

        return predictions;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
