using ActressOnnx.Train.Audit;

namespace ActressOnnx.Train.Tests.Audit;

public sealed class ConfidentLearningTests
{
    [Fact]
    public void FindSuspects_FlagsExamplesConfidentlyInAnotherClass_LowestGivenProbabilityFirst()
    {
        // Thresholds: class 0's examples average 0.633 on class 0, class 1's 0.55 on class 1.
        float[] probabilities =
        [
            0.9f, 0.1f,  // 0: label 0, fine
            0.8f, 0.2f,  // 1: label 0, fine
            0.2f, 0.8f,  // 2: label 0, confidently class 1
            0.1f, 0.9f,  // 3: label 1, fine
            0.35f, 0.65f, // 4: label 1, fine
            0.75f, 0.25f, // 5: label 1, confidently class 0
            0.6f, 0.4f,  // 6: label 1, class 0 below its threshold: not flagged
        ];
        int[] labels = [0, 0, 0, 1, 1, 1, 1];

        var suspects = ConfidentLearning.FindSuspects(probabilities, labels, 2);

        Assert.Equal([2, 5], suspects.Select(s => s.Index));
        Assert.Equal(1, suspects[0].Suggested);
        Assert.Equal(0.2, suspects[0].GivenProbability, 5);
        Assert.Equal(0, suspects[1].Suggested);
        Assert.Equal(0.75, suspects[1].SuggestedProbability, 5);
    }

    [Fact]
    public void Thresholds_AreTheMeanSelfProbabilityPerClass()
    {
        var thresholds = ConfidentLearning.Thresholds([0.9f, 0.1f, 0.5f, 0.5f, 0.2f, 0.8f], [0, 0, 1], 2);

        Assert.Equal([0.7, 0.8], thresholds.Select(t => Math.Round(t, 6)));
    }
}
