using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;

namespace ActressOnnx.Train.Gather;

/// <summary>A Spectre.Console progress bar per class (kept images against the target), for an interactive terminal.</summary>
internal sealed class LiveGatherProgress(ProgressContext context) : IGatherProgress
{
    private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public void ClassStarted(ClassSpec spec, int target, int alreadyKept)
    {
        var task = context.AddTask(Markup.Escape(spec.Name), maxValue: target);
        task.Value = alreadyKept;
        _tasks[spec.Name] = task;
    }

    public void EntryRecorded(ClassSpec spec, ManifestEntry entry, int kept)
    {
        if (_tasks.TryGetValue(spec.Name, out var task))
        {
            task.Value = kept;
        }
    }

    public void ClassFinished(ClassSummary summary)
    {
        if (_tasks.TryGetValue(summary.ClassName, out var task))
        {
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{summary.ClassName} ({summary.Kept} kept of {summary.Found} found)"));
            task.StopTask();
        }
    }
}
