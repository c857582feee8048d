using System.Globalization;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Training;

/// <summary>Hyper-parameters of one training run.</summary>
internal sealed record TrainingOptions
{
    public int Epochs { get; init; } = 5;

    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// The base learning rate (fastai's <c>fine_tune</c> default): the one-cycle peak of the frozen epochs; after
    /// unfreezing, the head peaks at half of it and the body lower (see <see cref="DiscriminativeLearningRates"/>).
    /// Without discriminative rates, the peak for every layer.
    /// </summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Epochs that train only the new head (and batch norms) before the whole network trains for <see cref="Epochs"/>.</summary>
    public int FreezeEpochs { get; init; } = 1;

    /// <summary>
    /// After unfreezing, train the stem and stages 1-2 at 1/<see cref="LearningRateSpread"/> of the head's rate and
    /// stages 3-4 in between (fastai's <c>slice(lr/100, lr)</c>), with the head at half <see cref="LearningRate"/>.
    /// Right for pretrained bodies; a randomly initialised one trains with one rate.
    /// </summary>
    public bool DiscriminativeLearningRates { get; init; } = true;

    /// <summary>Ratio of the head's learning rate to the stem's under <see cref="DiscriminativeLearningRates"/>.</summary>
    public double LearningRateSpread { get; init; } = 100;

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

        if (FreezeEpochs < 0 || FreezeEpochs > Epochs)
        {
            throw new TrainingException(Invariant($"Frozen epochs must be between 0 and the number of epochs ({Epochs}), got {FreezeEpochs}. Lower --freeze-epochs or raise --epochs."));
        }

        if (!double.IsFinite(LearningRateSpread) || LearningRateSpread < 1)
        {
            throw new TrainingException(Invariant($"The learning-rate spread must be at least 1, got {LearningRateSpread}."));
        }

        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
        {
            throw new TrainingException(Invariant($"Weight decay must be zero or positive, got {WeightDecay}."));
        }

        return this;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
