using ActressOnnx.Train.Training;
using ActressOnnx.Train.Training.Progress;

namespace ActressOnnx.Train.Tests.Training.Progress;

public class TrainingProgressTrackerTests
{
    [Fact]
    public void Update_CountsBatchesAndMeasuresRateAndTimeLeftFromTheEpochsFirstStep()
    {
        var clock = new SteppedClock();
        var tracker = new TrainingProgressTracker(epochs: 3, stepsPerEpoch: 5, clock);

        var first = tracker.Update(new BatchMetrics(0, 0, 0.7, 1e-3, 16));
        clock.Advance(TimeSpan.FromSeconds(2));
        tracker.Update(new BatchMetrics(0, 1, 0.6, 1e-3, 16));
        clock.Advance(TimeSpan.FromSeconds(2));
        var third = tracker.Update(new BatchMetrics(0, 2, 0.5, 2e-3, 16));

        Assert.Equal((0, 3, 1, 5), (first.Epoch, first.Epochs, first.BatchesDone, first.StepsPerEpoch));
        Assert.Null(first.ImagesPerSecond);
        Assert.Null(first.TimeLeft);
        Assert.Equal(3, third.BatchesDone);
        Assert.Equal(2e-3, third.LearningRate);
        Assert.Equal(32 / 4.0, third.ImagesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(4), third.TimeLeft); // 2 steps left at 2 s each
        Assert.False(third.EpochDone);
    }

    [Fact]
    public void Update_SmoothsTheLossWithDebiasAndStartsAfreshEachEpoch()
    {
        var clock = new SteppedClock();
        var tracker = new TrainingProgressTracker(epochs: 2, stepsPerEpoch: 2, clock);

        var first = tracker.Update(new BatchMetrics(0, 0, 1.0, 1e-3, 4));
        var second = tracker.Update(new BatchMetrics(0, 1, 0.0, 1e-3, 4));
        var nextEpoch = tracker.Update(new BatchMetrics(1, 2, 0.25, 1e-3, 4));

        Assert.Equal(1.0, first.RunningLoss, 12);
        Assert.Equal(0.98 * 0.02 / (1 - (0.98 * 0.98)), second.RunningLoss, 12);
        Assert.True(second.EpochDone);
        Assert.Equal((1, 1), (nextEpoch.Epoch, nextEpoch.BatchesDone));
        Assert.Equal(0.25, nextEpoch.RunningLoss, 12);
        Assert.Null(nextEpoch.ImagesPerSecond);
    }

    [Fact]
    public void Measures_FormatsLossRateAndTimeLeftInvariantly()
    {
        var snapshot = new TrainingProgressSnapshot(0, 4, 12, 50, 0.693147, 0.001, 123.46, TimeSpan.FromSeconds(75));

        Assert.Equal("loss 0.6931  lr 1.00e-3  123.5 img/s  01:15 left", snapshot.Measures());
        Assert.Equal("loss 0.6931  lr 1.00e-3  - img/s  --:-- left", (snapshot with { ImagesPerSecond = null, TimeLeft = null }).Measures());
    }
}
