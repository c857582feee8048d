using System.Globalization;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Training;

/// <summary>Hyper-parameters of one training run.</summary>
internal sealed record TrainingOptions
{
    public int Epochs { get; init; } = 5;

    public int BatchSize { get; init; } = 32;

    /// <summary>The peak learning rate of the one-cycle schedule.</summary>
    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Seeds weight initialisation and batch shuffling.</summary>
    public int Seed { get; init; } = DatasetSplitter.DefaultSeed;

    /// <exception cref="TrainingException">A value is out of range.</exception>
    public TrainingOptions Validate()
    {
        if (Epochs < 1)
        {
            throw new TrainingException(Invariant($"Epochs must be at least 1, got {Epochs}."));
        }

        if (BatchSize < 2)
        {
            throw new TrainingException(Invariant($"Batch size must be at least 2 (batch norm needs two images), got {BatchSize}."));
        }

        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new TrainingException(Invariant($"The learning rate must be a positive number, got {LearningRate}."));
        }

        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
        {
            throw new TrainingException(Invariant($"Weight decay must be zero or positive, got {WeightDecay}."));
        }

        return this;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
