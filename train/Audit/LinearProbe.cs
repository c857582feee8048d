using TorchSharp;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// Out-of-sample class probabilities from a linear softmax head on frozen features, by stratified k-fold: each
/// image's probabilities come from a head that never saw it. Features are centred and scaled on each fold's training part.
/// </summary>
internal static class LinearProbe
{
    private const int Steps = 150;
    private const double LearningRate = 0.05;
    private const double WeightDecay = 1e-3;

    /// <returns><c>[images, classes]</c> row-major probabilities.</returns>
    public static float[] OutOfSample(float[] features, int featureCount, IReadOnlyList<int> labels, int classCount, int folds, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var count = labels.Count;
        var fold = AssignFolds(labels, folds, seed);
        var probabilities = new float[count * classCount];
        for (var k = 0; k < folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var train = Enumerable.Range(0, count).Where(i => fold[i] != k).ToArray();
            var test = Enumerable.Range(0, count).Where(i => fold[i] == k).ToArray();
            if (test.Length == 0 || train.Length == 0)
            {
                continue;
            }

            var predicted = FitPredict(features, featureCount, labels, classCount, train, test, seed + k);
            for (var t = 0; t < test.Length; t++)
            {
                Array.Copy(predicted, t * classCount, probabilities, test[t] * classCount, classCount);
            }
        }

        return probabilities;
    }

    /// <summary>Trains on <paramref name="train"/> and returns the probabilities of <paramref name="test"/> (in-sample when they overlap).</summary>
    public static float[] FitPredict(float[] features, int featureCount, IReadOnlyList<int> labels, int classCount, int[] train, int[] test, int seed)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var all = tensor(features, [labels.Count, featureCount]);
        var x = all.index_select(0, tensor(train.Select(i => (long)i).ToArray()));
        var y = tensor(train.Select(i => (long)labels[i]).ToArray());
        var mean = x.mean([0], keepdim: true);
        // One scale for all dimensions (their root-mean-square spread): per-dimension scaling would blow up the
        // near-constant ones on a small fold.
        var std = x.var(0).mean().sqrt().clamp_min(1e-6);
        x = (x - mean) / std;
        var weight = new TorchSharp.Modules.Parameter(zeros(featureCount, classCount));
        var bias = new TorchSharp.Modules.Parameter(zeros(classCount));
        var optimizer = optim.Adam([weight, bias], LearningRate);
        for (var step = 0; step < Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(x.matmul(weight) + bias, y) + (WeightDecay * weight.square().sum());
            loss.backward();
            optimizer.step();
        }

        using var noGrad = no_grad();
        var z = (all.index_select(0, tensor(test.Select(i => (long)i).ToArray())) - mean) / std;
        return nn.functional.softmax(z.matmul(weight) + bias, 1).data<float>().ToArray();
    }

    /// <summary>Each class's examples shuffled (seeded) and dealt round-robin over the folds.</summary>
    internal static int[] AssignFolds(IReadOnlyList<int> labels, int folds, int seed)
    {
        var fold = new int[labels.Count];
        var random = new Random(seed);
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            for (var m = 0; m < members.Length; m++)
            {
                fold[members[m]] = m % folds;
            }
        }

        return fold;
    }
}
