using ActressOnnx.Train.Training.LearningRates;

namespace ActressOnnx.Train.Tests.Training.LearningRates;

public sealed class LearningRateSweepTests
{
    [Fact]
    public void From_FlatThenFallingThenDiverging_SuggestsARateOnTheFallingSlope()
    {
        // 1e-7 .. 10 over 100 steps: flat until 1e-4, falling until 1e-1, then blowing up.
        var rates = Enumerable.Range(0, 100).Select(i => 1e-7 * Math.Pow(1e8, i / 99.0)).ToList();
        var losses = rates.Select(rate => Math.Log10(rate) switch
        {
            < -4 => 1.0,
            < -1 => 1.0 - (0.25 * (Math.Log10(rate) + 4)),
            var x => 0.25 + (2 * (x + 1)),
        }).ToList();

        var sweep = LearningRateSweep.From(rates, losses);

        Assert.InRange(sweep.Valley, 1e-4, 1e-1);
        Assert.InRange(sweep.Steepest, 1e-4, 1e-1);
        Assert.InRange(sweep.MinimumOverTen, 0.005, 0.011);
    }
}
