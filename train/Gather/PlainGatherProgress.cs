using System.Globalization;

namespace ActressOnnx.Train.Gather;

/// <summary>Progress as plain lines, for redirected output (logs, CI): one line per class start and end, and per retry.</summary>
internal sealed class PlainGatherProgress(TextWriter output) : IGatherProgress
{
    private readonly TextWriter _output = TextWriter.Synchronized(output);

    public void ClassStarted(ClassSpec spec, int target, int alreadyKept) =>
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: gathering {target} images for \"{spec.Query}\" ({alreadyKept} already kept)"));

    public void EntryRecorded(ClassSpec spec, ManifestEntry entry, int kept)
    {
    }

    public void ClassFinished(ClassSummary summary) =>
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.ClassName}: {summary.Kept} kept of {summary.Found} found"));

    public void Retrying(RetryNotice notice) =>
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retrying {notice.Url} in {notice.Delay.TotalSeconds:0.0} s ({notice.Reason})"));
}
