using System.Globalization;
using Spectre.Console;

namespace ActressOnnx.Train.Training.Progress;

/// <summary>
/// A Spectre.Console progress bar per epoch (steps done against steps per epoch) captioned with the running loss,
/// learning rate, images/second and the epoch's time left, for an interactive terminal.
/// </summary>
internal sealed class LiveTrainingProgress(ProgressContext context, TimeProvider time) : ITrainingProgress
{
    private TrainingProgressTracker? tracker;
    private ProgressTask? task;
    private int epoch = -1;

    public void Start(int epochs, int stepsPerEpoch) => tracker = new TrainingProgressTracker(epochs, stepsPerEpoch, time);

    public void Report(BatchMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (tracker is null)
        {
            throw new InvalidOperationException($"{nameof(Start)} must be called before the first step is reported.");
        }

        var snapshot = tracker.Update(value);
        if (snapshot.Epoch != epoch || task is null)
        {
            task?.StopTask();
            epoch = snapshot.Epoch;
            task = context.AddTask(Caption(snapshot), maxValue: snapshot.StepsPerEpoch);
        }

        task.Value = snapshot.BatchesDone;
        task.Description = Caption(snapshot);
        if (snapshot.EpochDone)
        {
            task.StopTask();
        }
    }

    private static string Caption(TrainingProgressSnapshot snapshot) => Markup.Escape(string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {snapshot.Epoch + 1}/{snapshot.Epochs}  {snapshot.BatchesDone}/{snapshot.StepsPerEpoch}  {snapshot.Measures()}"));
}
