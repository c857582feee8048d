using System.Globalization;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Training;

/// <summary>Hyper-parameters of one training run.</summary>
internal sealed record TrainingOptions
{
    /// <summary>Epochs of the whole network after the head is fitted (from scratch: every epoch).</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    public int BatchSize { get; init; } = 16;

    /// <summary>Fine-tuning epochs when the user gives none.</summary>
    public const int DefaultEpochs = 6;

    /// <summary>Epochs from random weights when the user gives none: a random body needs many more steps.</summary>
    public const int ScratchEpochs = 16;

    /// <summary>The one-cycle peak from random weights when the user gives none (every layer, one rate).</summary>
    public const double ScratchLearningRate = 5e-3;

    /// <summary>
    /// Fit the new head to convergence on the frozen body's features before fine-tuning (linear probing, then
    /// fine-tuning). Needs a pretrained body.
    /// </summary>
    public bool FitHead { get; init; } = true;

    /// <summary>Clean views per training image the head is fitted on: 1 (as decoded) or 2 (plus its mirror).</summary>
    public int FeatureViews { get; init; } = 2;

    /// <summary>
    /// Augmented copies per training image (as the training batches will see them) the head is also fitted on, so it
    /// starts fine-tuning calibrated to augmented images; 0 for none. Ignored without augmentation.
    /// </summary>
    public int AugmentedFeatureViews { get; init; } = 2;

    /// <summary>What a run with a fitted head keeps (see <see cref="TuneMode"/>).</summary>
    public TuneMode Tune { get; init; } = TuneMode.Auto;

    /// <summary>While fine-tuning, batch norms normalise with their pretrained running statistics (their weights train).</summary>
    public bool FreezeBatchNormStatistics { get; init; } = true;

    /// <summary>End on the epoch with the lowest validation loss rather than the last one.</summary>
    public bool KeepBestEpoch { get; init; } = true;

    /// <summary>
    /// The base learning rate (fastai's <c>fine_tune</c> default): the one-cycle peak of the frozen epochs; after
    /// unfreezing, the head peaks at half of it and the body lower (see <see cref="DiscriminativeLearningRates"/>).
    /// Without discriminative rates, the peak for every layer.
    /// </summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>
    /// fastai's frozen epochs: only the head (and batch norms) train by gradient steps before the whole network trains
    /// for <see cref="Epochs"/>. Off by default: <see cref="FitHead"/> fits the head better in less time.
    /// </summary>
    public int FreezeEpochs { get; init; }

    /// <summary>
    /// After unfreezing, train the stem and stages 1-2 at 1/<see cref="LearningRateSpread"/> of the head's rate and
    /// stages 3-4 in between (fastai's <c>slice(lr/100, lr)</c>), with the head at half <see cref="LearningRate"/>.
    /// Right for pretrained bodies; a randomly initialised one trains with one rate.
    /// </summary>
    public bool DiscriminativeLearningRates { get; init; } = true;

    /// <summary>Ratio of the head's learning rate to the stem's under <see cref="DiscriminativeLearningRates"/>.</summary>
    public double LearningRateSpread { get; init; } = 100;

    public double WeightDecay { get; init; } = 0.01;

    /// <summary>The recipe for a randomly initialised body: no fitted head, one learning rate, longer and higher.</summary>
    public TrainingOptions ForScratch(bool epochsGiven, bool learningRateGiven) => this with
    {
        FitHead = false,
        Tune = TuneMode.All,
        FreezeEpochs = 0,
        DiscriminativeLearningRates = false,
        FreezeBatchNormStatistics = false,
        Epochs = epochsGiven ? Epochs : ScratchEpochs,
        LearningRate = learningRateGiven ? LearningRate : ScratchLearningRate,
    };

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

        if (FeatureViews is < 1 or > 2)
        {
            throw new TrainingException(Invariant($"The head is fitted on 1 or 2 views of each image, got {FeatureViews}."));
        }

        if (AugmentedFeatureViews is < 0 or > 16)
        {
            throw new TrainingException(Invariant($"The head is fitted on 0 to 16 augmented views of each image, got {AugmentedFeatureViews}."));
        }

        if (!FitHead && Tune == TuneMode.Head)
        {
            throw new TrainingException("Training only the head needs a pretrained body; drop --tune head or start from ImageNet weights.");
        }

        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
        {
            throw new TrainingException(Invariant($"Weight decay must be zero or positive, got {WeightDecay}."));
        }

        return this;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
