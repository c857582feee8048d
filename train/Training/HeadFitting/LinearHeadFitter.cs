using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ActressOnnx.Train.Training.HeadFitting;

/// <summary>
/// Fits a softmax (multinomial logistic regression) head on cached features to convergence: full-batch, on
/// standardised features, with an L2 penalty on the weights chosen from <see cref="Penalties"/> by validation loss.
/// This is the "linear probe" of linear-probing-then-fine-tuning: the head starts fine-tuning already fitted, so the
/// body's first steps follow useful gradients instead of a random head's.
/// </summary>
internal static class LinearHeadFitter
{
    /// <summary>
    /// The L2 penalties tried (on the mean cross-entropy of standardised features), strongest first: each fit starts from
    /// the previous one's solution, and the search stops once the validation loss has risen twice in a row.
    /// </summary>
    public static readonly IReadOnlyList<double> Penalties = [3, 1, 3e-1, 1e-1, 3e-2, 1e-2, 1e-3];

    /// <summary>The penalty used when there are no validation images to choose by.</summary>
    public const double DefaultPenalty = 1e-3;

    /// <summary>Full-batch optimiser steps for the first penalty; each later one, warm-started, takes half as many.</summary>
    public const int DefaultIterations = 400;

    /// <param name="trainFeatures"><c>[N, D]</c> float32 features.</param>
    /// <param name="trainTargets"><c>[N]</c> int64 class indices.</param>
    /// <param name="classCount">Number of classes (the head's outputs).</param>
    /// <param name="validFeatures">Validation features to choose the penalty by, or an empty tensor / null for none.</param>
    /// <param name="validTargets">Their class indices.</param>
    public static LinearHeadFit Fit(
        Tensor trainFeatures,
        Tensor trainTargets,
        int classCount,
        Tensor? validFeatures,
        Tensor? validTargets,
        CancellationToken cancellationToken,
        int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(trainFeatures);
        ArgumentNullException.ThrowIfNull(trainTargets);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (trainFeatures.shape.Length != 2 || trainFeatures.shape[0] == 0 || trainTargets.shape[0] != trainFeatures.shape[0])
        {
            throw new ArgumentException("Fitting a head needs [N, D] features with N >= 1 and one target per row.", nameof(trainFeatures));
        }

        // A head is a few thousand tiny operations: on the CPU one thread runs them about five times faster than two
        // threads that wait on each other for every one (measured here).
        var threads = get_num_threads();
        if (trainFeatures.device.type == DeviceType.CPU)
        {
            set_num_threads(1);
        }

        try
        {
            return FitOnThisThread(trainFeatures, trainTargets, classCount, validFeatures, validTargets, iterations, cancellationToken);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static LinearHeadFit FitOnThisThread(
        Tensor trainFeatures, Tensor trainTargets, int classCount, Tensor? validFeatures, Tensor? validTargets, int iterations, CancellationToken cancellationToken)
    {
        var hasValid = validFeatures is not null && validTargets is not null && validFeatures.shape[0] > 0;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = trainFeatures.mean([0]);
        var std = trainFeatures.std(0, unbiased: false).clamp_min(1e-6);
        var x = (trainFeatures - mean) / std;
        var xValid = hasValid ? (validFeatures! - mean) / std : null;

        (Tensor Weight, Tensor Bias, double Penalty, double? ValidLoss)? best = null;
        (Tensor Weight, Tensor Bias)? previous = null;
        double? previousLoss = null;
        var rises = 0;
        foreach (var penalty in hasValid ? Penalties : [DefaultPenalty])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (weight, bias) = Solve(x, trainTargets, classCount, penalty, previous is null ? iterations : Math.Max(1, iterations / 2), previous);
            previous = (weight, bias);
            double? validLoss = hasValid ? cross_entropy(xValid!.matmul(weight.t()) + bias, validTargets!).item<float>() : null;
            if (best is null || (validLoss ?? double.PositiveInfinity) < (best.Value.ValidLoss ?? double.PositiveInfinity))
            {
                best = (weight, bias, penalty, validLoss);
            }

            // Weaker penalties only fit the training features more closely; once validation has got worse twice, stop.
            rises = validLoss > previousLoss ? rises + 1 : 0;
            previousLoss = validLoss;
            if (rises == 2)
            {
                break;
            }
        }

        var (w, b, chosen, validLossChosen) = best!.Value;
        var trainLoss = cross_entropy(x.matmul(w.t()) + b, trainTargets).item<float>();
        double? validErrorRate = hasValid ? (xValid!.matmul(w.t()) + b).argmax(1).ne(validTargets!).to_type(ScalarType.Float64).mean().item<double>() : null;

        // Back to the features' own units: w·((f - mean) / std) + b = (w / std)·f + (b - (w / std)·mean).
        var weightRaw = w / std;
        var biasRaw = b - weightRaw.matmul(mean);
        scope.MoveToOuter(weightRaw, biasRaw);
        return new LinearHeadFit(weightRaw, biasRaw, chosen, trainLoss, validLossChosen, validErrorRate);
    }

    /// <summary>
    /// The minimiser of <c>mean cross-entropy + penalty / 2 * |W|^2</c> (the bias is not penalised) by full-batch Adam
    /// with a cosine-decaying step: a smooth convex problem, so the result does not depend on the start.
    /// </summary>
    /// <param name="start">Where to start (a solution for a nearby penalty); null for zeros.</param>
    internal static (Tensor Weight, Tensor Bias) Solve(Tensor x, Tensor targets, int classCount, double penalty, int iterations, (Tensor Weight, Tensor Bias)? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        using var scope = NewDisposeScope();
        using var enableGrad = enable_grad();
        var weight = new TorchSharp.Modules.Parameter(start?.Weight.detach().clone() ?? zeros([classCount, x.shape[1]], device: x.device));
        var bias = new TorchSharp.Modules.Parameter(start?.Bias.detach().clone() ?? zeros([classCount], device: x.device));
        const double peak = 0.05;
        using var optimizer = optim.Adam([weight, bias], lr: peak);
        for (var i = 0; i < iterations; i++)
        {
            using var step = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = peak * (0.01 + (0.99 * (1 + Math.Cos(Math.PI * i / iterations)) / 2));
            }

            optimizer.zero_grad();
            var loss = Objective(x, targets, weight, bias, penalty);
            loss.backward();
            optimizer.step();
        }

        var result = (weight.detach().clone(), bias.detach().clone());
        scope.MoveToOuter(result.Item1, result.Item2);
        return result;
    }

    /// <summary>The regularised objective <see cref="Solve"/> minimises.</summary>
    internal static Tensor Objective(Tensor x, Tensor targets, Tensor weight, Tensor bias, double penalty) =>
        cross_entropy(x.matmul(weight.t()) + bias, targets) + (penalty / 2 * weight.pow(2).sum());
}
