using ActressOnnx.Train.Training.HeadFitting;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ActressOnnx.Train.Tests.Training.HeadFitting;

[Collection(SeededTorchGroup.Name)]
public sealed class LinearHeadFitterTests
{
    [Fact]
    public void Solve_OnOverlappingClasses_ReachesTheMinimumOfItsObjective()
    {
        random.manual_seed(1);
        var (x, targets) = NoisyThreeClassProblem(rows: 90, width: 6, labelNoise: 0.2);

        var (weight, bias) = LinearHeadFitter.Solve(x, targets, 3, penalty: 1e-2, LinearHeadFitter.DefaultIterations);

        // At the minimum of a smooth convex objective the gradient vanishes, and any step away costs.
        using var w = weight.clone().requires_grad_();
        using var b = bias.clone().requires_grad_();
        var objective = LinearHeadFitter.Objective(x, targets, w, b, 1e-2);
        objective.backward();
        var gradientNorm = cat([w.grad!.flatten(), b.grad!.flatten()]).norm().item<float>();
        Assert.True(gradientNorm < 2e-3, $"gradient norm {gradientNorm} at the fitted head");
        using var noGrad = no_grad();
        var nudged = LinearHeadFitter.Objective(x, targets, weight + (0.05 * randn_like(weight)), bias, 1e-2).item<float>();
        Assert.True(nudged > objective.item<float>(), $"a nudged head scored {nudged}, the fitted one {objective.item<float>()}");
    }

    [Fact]
    public void Fit_OnFeaturesFarFromZero_ReturnsAHeadInTheFeaturesOwnUnits()
    {
        random.manual_seed(2);
        var (standard, targets) = NoisyThreeClassProblem(rows: 120, width: 8, labelNoise: 0);
        var raw = (standard * 7) + 40;

        var fit = LinearHeadFitter.Fit(raw, targets, 3, null, null, CancellationToken.None);

        using var noGrad = no_grad();
        var logits = raw.matmul(fit.Weight.t()) + fit.Bias;
        Assert.Equal(fit.TrainLoss, cross_entropy(logits, targets).item<float>(), 3);
        Assert.True(fit.TrainLoss < 0.2, $"train loss {fit.TrainLoss} on separable classes");
        Assert.Equal(LinearHeadFitter.DefaultPenalty, fit.Penalty);
        Assert.Null(fit.ValidLoss);
    }

    [Fact]
    public void Fit_WhenLabelsAreNoise_ChoosesAStrongPenalty()
    {
        random.manual_seed(3);
        var x = randn([200, 32]);
        var y = randint(0, 2, [200], dtype: ScalarType.Int64);
        var validX = randn([200, 32]);
        var validY = randint(0, 2, [200], dtype: ScalarType.Int64);

        var fit = LinearHeadFitter.Fit(x, y, 2, validX, validY, CancellationToken.None);

        // Weak penalties fit the noise and score worse than chance on the validation rows; strong ones stay at chance.
        Assert.True(fit.Penalty >= 0.3, $"chose penalty {fit.Penalty}");
        Assert.NotNull(fit.ValidErrorRate);
        Assert.InRange(fit.ValidLoss!.Value, Math.Log(2) - 0.05, Math.Log(2) + 0.05);
    }

    [Fact]
    public void Fit_WithOneRowPerClassMissingTargets_Throws()
    {
        Assert.Throws<ArgumentException>(() => LinearHeadFitter.Fit(zeros([4, 3]), zeros([3], ScalarType.Int64), 2, null, null, CancellationToken.None));
    }

    // Three Gaussian blobs along random directions, with a share of labels flipped at random.
    private static (Tensor X, Tensor Targets) NoisyThreeClassProblem(int rows, int width, double labelNoise)
    {
        var targets = arange(rows, dtype: ScalarType.Int64).remainder(3);
        var centres = randn([3, width]) * 2;
        var x = centres.index_select(0, targets) + randn([rows, width]);
        var flip = rand([rows]).lt(labelNoise);
        var noisy = where(flip, randint(0, 3, [rows], dtype: ScalarType.Int64), targets);
        return (x, noisy);
    }
}
