using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Training;

public sealed class OneCycleScheduleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(160)]
    public void At_ForAnyLength_IsFiniteAndWithinBounds(int totalSteps)
    {
        var schedule = new OneCycleSchedule(1e-3, totalSteps);

        for (var step = 0; step < totalSteps + 2; step++)
        {
            var rate = schedule.At(step);
            Assert.True(double.IsFinite(rate), $"step {step} of {totalSteps}: {rate}");
            Assert.InRange(rate, schedule.FinalLearningRate, schedule.MaxLearningRate);
        }
    }

    [Fact]
    public void At_WarmsUpToTheMaximumThenAnnealsToTheFinalRate()
    {
        var schedule = new OneCycleSchedule(1e-3, 100);

        Assert.Equal(25, schedule.WarmupSteps);
        Assert.Equal(1e-3 / 25, schedule.At(0), 12);
        Assert.Equal(1e-3, schedule.At(25), 12);
        Assert.Equal(1e-3 / 25 / 1e5, schedule.At(99), 15);
        for (var step = 1; step <= 25; step++)
        {
            Assert.True(schedule.At(step) > schedule.At(step - 1), $"warm-up must rise at step {step}");
        }

        for (var step = 26; step < 100; step++)
        {
            Assert.True(schedule.At(step) < schedule.At(step - 1), $"annealing must fall at step {step}");
        }
    }
}
