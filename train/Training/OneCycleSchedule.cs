namespace ActressOnnx.Train.Training;

/// <summary>
/// fastai's one-cycle learning-rate shape: cosine warm-up from <c>max/div</c> to <c>max</c> over the first
/// <c>warmupFraction</c> of the steps (defaults: 25 and a quarter, fastai's <c>fit_one_cycle</c>), then cosine
/// annealing down to <c>max/div/1e5</c>. Unlike TorchSharp's OneCycleLR it stays finite for
/// any number of steps, including runs of only a handful of batches.
/// </summary>
internal sealed class OneCycleSchedule
{
    public const double DefaultWarmupFraction = 0.25;
    public const double DefaultInitialDivisor = 25;
    private const double FinalDivisor = 1e5;

    public OneCycleSchedule(double maxLearningRate, int totalSteps, double warmupFraction = DefaultWarmupFraction, double initialDivisor = DefaultInitialDivisor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLearningRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmupFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmupFraction, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDivisor, 1);
        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        InitialLearningRate = maxLearningRate / initialDivisor;
        WarmupSteps = Math.Clamp((int)Math.Round(totalSteps * warmupFraction), 1, totalSteps);
    }

    public double MaxLearningRate { get; }

    public int TotalSteps { get; }

    public int WarmupSteps { get; }

    public double InitialLearningRate { get; }

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
