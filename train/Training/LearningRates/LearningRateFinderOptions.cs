using System.Globalization;

namespace ActressOnnx.Train.Training.LearningRates;

/// <summary>fastai's <c>lr_find</c> defaults: 100 steps from 1e-7 to 10, stopping once the loss passes 4x its minimum.</summary>
internal sealed record LearningRateFinderOptions
{
    public double StartLearningRate { get; init; } = 1e-7;

    public double EndLearningRate { get; init; } = 10;

    public int Iterations { get; init; } = 100;

    /// <summary>Stop when the smoothed loss exceeds this multiple of the lowest one seen.</summary>
    public double DivergenceFactor { get; init; } = 4;

    /// <summary>Weight of the past in the loss's exponential moving average.</summary>
    public double Smoothing { get; init; } = 0.98;

    /// <exception cref="TrainingException">A value is out of range.</exception>
    public LearningRateFinderOptions Validate()
    {
        if (!(StartLearningRate > 0) || !(EndLearningRate > StartLearningRate) || !double.IsFinite(EndLearningRate))
        {
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"The sweep must rise from a positive learning rate: got {StartLearningRate} to {EndLearningRate}. Pass --start-lr below --end-lr."));
        }

        if (Iterations < 5)
        {
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"The sweep needs at least 5 iterations, got {Iterations}."));
        }

        return this;
    }
}
