namespace ActressOnnx.Train.Training;

/// <summary>
/// fastai's one-cycle learning-rate shape: cosine warm-up from <c>max/25</c> to <c>max</c> over the first quarter of
/// the steps, then cosine annealing down to <c>max/25/1e5</c>. Unlike TorchSharp's OneCycleLR it stays finite for
/// any number of steps, including runs of only a handful of batches.
/// </summary>
internal sealed class OneCycleSchedule
{
    private const double WarmupFraction = 0.25;
    private const double InitialDivisor = 25;
    private const double FinalDivisor = 1e5;

    public OneCycleSchedule(double maxLearningRate, int totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLearningRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        WarmupSteps = Math.Max(1, (int)Math.Round(totalSteps * WarmupFraction));
    }

    public double MaxLearningRate { get; }

    public int TotalSteps { get; }

    public int WarmupSteps { get; }

    public double InitialLearningRate => MaxLearningRate / InitialDivisor;

    public double FinalLearningRate => InitialLearningRate / FinalDivisor;

    /// <summary>The learning rate for the zero-based <paramref name="step"/>; steps past the end keep the final rate.</summary>
    public double At(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return Cosine(InitialLearningRate, MaxLearningRate, (double)step / WarmupSteps);
        }

        var annealSteps = TotalSteps - WarmupSteps;
        return annealSteps <= 1
            ? MaxLearningRate
            : Cosine(MaxLearningRate, FinalLearningRate, Math.Min(1, (double)(step - WarmupSteps) / (annealSteps - 1)));
    }

    private static double Cosine(double from, double to, double progress) =>
        to + ((from - to) * (1 + Math.Cos(Math.PI * progress)) / 2);
}
