namespace ActressOnnx.Train.Training;

/// <summary>What one epoch achieved. Validation values are null when there is no validation set.</summary>
/// <param name="Epoch">Zero-based epoch index.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's training batches (model in training mode).</param>
/// <param name="ValidLoss">Mean cross-entropy over the validation set (model in eval mode).</param>
/// <param name="ErrorRate">Fraction of validation images misclassified, 0..1.</param>
/// <param name="Duration">Wall time of the epoch, training and validation.</param>
/// <param name="LearningRate">The highest learning rate of the epoch's last step (the head's where groups differ).</param>
/// <param name="ImagesPerSecond">Training images per second: data, augmentation, forward, backward and optimiser step.</param>
/// <param name="Frozen">Whether the pretrained body was frozen (only the head and batch norms trained).</param>
internal sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double? ValidLoss,
    double? ErrorRate,
    TimeSpan Duration,
    double LearningRate = 0,
    double ImagesPerSecond = 0,
    bool Frozen = false)
{
    /// <summary>
    /// Whether this "epoch" is the head fitted on the frozen body's features (<see cref="HeadFitting.HeadProbe"/>)
    /// rather than a pass of optimiser steps; its learning rate is then 0.
    /// </summary>
    public bool HeadOnly { get; init; }

    /// <summary>The part of <see cref="Duration"/> spent on training steps (the rest is validation).</summary>
    public TimeSpan StepsTime { get; init; }

    /// <summary>For a fitted head: the L2 penalty its validation images chose; otherwise null.</summary>
    public double? Penalty { get; init; }
}
