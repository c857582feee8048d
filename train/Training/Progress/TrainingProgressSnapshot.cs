using System.Globalization;

namespace ActressOnnx.Train.Training.Progress;

/// <summary>Where a training run stands after a step: what the live bar and the plain lines show.</summary>
/// <param name="Epoch">Zero-based epoch index, as in the epoch table.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="BatchesDone">Steps done in this epoch, 1 to <paramref name="StepsPerEpoch"/>.</param>
/// <param name="StepsPerEpoch">Steps in every epoch.</param>
/// <param name="RunningLoss">Exponentially weighted mean of this epoch's batch losses (fastai's smoothing, debiased).</param>
/// <param name="LearningRate">The last step's learning rate (the head's).</param>
/// <param name="ImagesPerSecond">Images trained per second in this epoch since its first step ended; null after one step.</param>
/// <param name="TimeLeft">Estimated time to the end of this epoch's training steps; null after one step.</param>
internal sealed record TrainingProgressSnapshot(
    int Epoch,
    int Epochs,
    int BatchesDone,
    int StepsPerEpoch,
    double RunningLoss,
    double LearningRate,
    double? ImagesPerSecond,
    TimeSpan? TimeLeft)
{
    public bool EpochDone => BatchesDone >= StepsPerEpoch;

    /// <summary>Loss, learning rate, images/second and time left, e.g. <c>loss 0.6931  lr 1.00e-3  123.4 img/s  00:12 left</c>.</summary>
    public string Measures() => string.Create(
        CultureInfo.InvariantCulture,
        $"loss {RunningLoss:F4}  lr {LearningRate.ToString("0.00e+0", CultureInfo.InvariantCulture)}  {(ImagesPerSecond is { } rate ? rate.ToString("F1", CultureInfo.InvariantCulture) : "-")} img/s  {(TimeLeft is { } left ? FormatDuration(left) : "--:--")} left");

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : duration.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
