namespace ActressOnnx.Train.Training;

/// <summary>What <see cref="ClassifierTrainer.Train"/> did: every epoch it ran and the one whose weights the model kept.</summary>
/// <param name="History">One entry per epoch, in order; a fitted head is epoch 0 with <see cref="EpochMetrics.HeadOnly"/> set.</param>
/// <param name="KeptEpoch">The epoch (an index into <paramref name="History"/>) whose weights the model ends with.</param>
internal sealed record TrainingOutcome(IReadOnlyList<EpochMetrics> History, int KeptEpoch)
{
    /// <summary>The kept epoch's metrics.</summary>
    public EpochMetrics Kept => History[KeptEpoch];
}
