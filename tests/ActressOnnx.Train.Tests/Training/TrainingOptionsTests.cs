using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void ForScratch_WithoutGivenValues_UsesTheScratchRecipeAndNoFittedHead()
    {
        var scratch = new TrainingOptions().ForScratch(epochsGiven: false, learningRateGiven: false);

        Assert.Equal(TrainingOptions.ScratchEpochs, scratch.Epochs);
        Assert.Equal(TrainingOptions.ScratchLearningRate, scratch.LearningRate);
        Assert.False(scratch.FitHead);
        Assert.False(scratch.DiscriminativeLearningRates);
        Assert.False(scratch.FreezeBatchNormStatistics);
        Assert.Equal(0, scratch.FreezeEpochs);
        scratch.Validate();
    }

    [Fact]
    public void ForScratch_WithGivenValues_KeepsThem()
    {
        var scratch = new TrainingOptions { Epochs = 3, LearningRate = 1e-4 }.ForScratch(epochsGiven: true, learningRateGiven: true);

        Assert.Equal(3, scratch.Epochs);
        Assert.Equal(1e-4, scratch.LearningRate);
    }

    [Fact]
    public void Validate_TuneHeadWithoutAFittedHead_ThrowsWithWhatToChange()
    {
        var ex = Assert.Throws<TrainingException>(() => new TrainingOptions { FitHead = false, Tune = TuneMode.Head }.Validate());

        Assert.Contains("--tune head", ex.Message, StringComparison.Ordinal);
    }
}
