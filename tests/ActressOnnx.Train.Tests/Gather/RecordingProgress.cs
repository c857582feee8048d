using System.Collections.Concurrent;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>Records progress calls; optionally runs an action after each recorded entry (to interrupt a run mid-way).</summary>
internal sealed class RecordingProgress(Action<ManifestEntry, int>? onEntry = null) : IGatherProgress
{
    public ConcurrentQueue<ManifestEntry> Entries { get; } = new();

    public ConcurrentQueue<ClassSummary> Finished { get; } = new();

    public int? AlreadyKeptAtStart { get; private set; }

    public void ClassStarted(ClassSpec spec, int target, int alreadyKept) => AlreadyKeptAtStart = alreadyKept;

    public void EntryRecorded(ClassSpec spec, ManifestEntry entry, int kept)
    {
        Entries.Enqueue(entry);
        onEntry?.Invoke(entry, kept);
    }

    public void ClassFinished(ClassSummary summary) => Finished.Enqueue(summary);
}
