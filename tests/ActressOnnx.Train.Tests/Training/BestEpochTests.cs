using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Training;

[Collection(SeededTorchGroup.Name)]
public sealed class BestEpochTests
{
    [Fact]
    public void RestoreInto_AfterALaterWorseEpoch_PutsBackTheLowestValidationLossWeights()
    {
        using var model = new ResNet18(2);
        using var best = new BestEpoch(enabled: true);
        double[] losses = [0.5, 0.3, 0.4, double.NaN];
        for (var epoch = 0; epoch < losses.Length; epoch++)
        {
            using (no_grad())
            {
                model.Fc.weight!.fill_(epoch);
                model.Bn1.running_mean!.fill_(epoch);
            }

            best.Consider(new EpochMetrics(epoch, 1.0, losses[epoch], 0.1, TimeSpan.Zero), model);
        }

        var kept = best.RestoreInto(model);

        Assert.Equal(1, kept);
        Assert.Equal(1f, model.Fc.weight!.mean().item<float>());
        Assert.Equal(1f, model.Bn1.running_mean!.mean().item<float>());
    }

    [Fact]
    public void RestoreInto_WhenDisabled_LeavesTheModelAlone()
    {
        using var model = new ResNet18(2);
        using var best = new BestEpoch(enabled: false);
        best.Consider(new EpochMetrics(0, 1.0, 0.1, 0.1, TimeSpan.Zero), model);
        using (no_grad())
        {
            model.Fc.weight!.fill_(7);
        }

        Assert.Null(best.RestoreInto(model));
        Assert.Equal(7f, model.Fc.weight!.mean().item<float>());
    }
}
