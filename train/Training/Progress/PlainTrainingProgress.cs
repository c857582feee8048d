using System.Globalization;

namespace ActressOnnx.Train.Training.Progress;

/// <summary>
/// Progress as plain lines, for redirected output (logs, CI): a line at each quarter of an epoch, at its last step,
/// and whenever <see cref="Interval"/> passed since the last line; never one per step on a long epoch.
/// </summary>
/// <example><c>epoch 1/4  batch 12/50  loss 0.6931  lr 1.00e-3  123.4 img/s  00:12 left</c></example>
internal sealed class PlainTrainingProgress(TextWriter output, TimeProvider time) : ITrainingProgress
{
    private const int LinesPerEpoch = 4;
    private TrainingProgressTracker? tracker;
    private long lastLine;
    private int lastQuarter;
    private int epoch = -1;

    /// <summary>Longest time between two lines while steps keep coming.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public void Start(int epochs, int stepsPerEpoch)
    {
        tracker = new TrainingProgressTracker(epochs, stepsPerEpoch, time);
        lastLine = time.GetTimestamp();
    }

    public void Report(BatchMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (tracker is null)
        {
            throw new InvalidOperationException($"{nameof(Start)} must be called before the first step is reported.");
        }

        var snapshot = tracker.Update(value);
        if (snapshot.Epoch != epoch)
        {
            epoch = snapshot.Epoch;
            lastQuarter = 0;
        }

        var quarter = snapshot.BatchesDone * LinesPerEpoch / snapshot.StepsPerEpoch;
        var now = time.GetTimestamp();
        if (quarter == lastQuarter && !snapshot.EpochDone && time.GetElapsedTime(lastLine, now) < Interval)
        {
            return;
        }

        lastQuarter = quarter;
        lastLine = now;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {snapshot.Epoch + 1}/{snapshot.Epochs}  batch {snapshot.BatchesDone}/{snapshot.StepsPerEpoch}  {snapshot.Measures()}"));
        output.Flush();
    }
}
