namespace ActressOnnx.Train.Training.Progress;

/// <summary>
/// Turns the stream of <see cref="BatchMetrics"/> into <see cref="TrainingProgressSnapshot"/>s: steps done in the
/// epoch, a running loss, images per second and the epoch's time left. Rates are measured from the end of an epoch's
/// first step (when its first report arrives), so they leave out neither validation nor anything else between epochs.
/// </summary>
internal sealed class TrainingProgressTracker
{
    /// <summary>fastai's smoothing of the displayed loss.</summary>
    private const double Beta = 0.98;

    private readonly TimeProvider time;
    private int epoch = -1;
    private int done;
    private double average;
    private long imagesAfterFirst;
    private long firstStepEnded;

    /// <param name="epochs">Epochs in the run.</param>
    /// <param name="stepsPerEpoch">Steps in every epoch.</param>
    public TrainingProgressTracker(int epochs, int stepsPerEpoch, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepsPerEpoch);
        ArgumentNullException.ThrowIfNull(time);
        Epochs = epochs;
        StepsPerEpoch = stepsPerEpoch;
        this.time = time;
    }

    public int Epochs { get; }

    public int StepsPerEpoch { get; }

    public TrainingProgressSnapshot Update(BatchMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = time.GetTimestamp();
        if (metrics.Epoch != epoch)
        {
            epoch = metrics.Epoch;
            done = 0;
            average = 0;
            imagesAfterFirst = 0;
            firstStepEnded = now;
        }
        else
        {
            imagesAfterFirst += metrics.BatchSize;
        }

        done++;
        average = (Beta * average) + ((1 - Beta) * metrics.Loss);
        var runningLoss = average / (1 - Math.Pow(Beta, done));
        double? rate = null;
        TimeSpan? left = null;
        var elapsed = time.GetElapsedTime(firstStepEnded, now);
        if (done > 1 && elapsed > TimeSpan.Zero)
        {
            rate = imagesAfterFirst / elapsed.TotalSeconds;
            left = Math.Max(0, StepsPerEpoch - done) * (elapsed / (done - 1));
        }

        return new TrainingProgressSnapshot(epoch, Epochs, done, StepsPerEpoch, runningLoss, metrics.LearningRate, rate, left);
    }
}
