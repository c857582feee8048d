namespace ActressOnnx.Train.Gather;

/// <summary>Receives progress from <see cref="ImageGatherer"/>; calls for one class arrive one at a time.</summary>
internal interface IGatherProgress
{
    void ClassStarted(ClassSpec spec, int target, int alreadyKept);

    void EntryRecorded(ClassSpec spec, ManifestEntry entry, int kept);

    void ClassFinished(ClassSummary summary);
}
