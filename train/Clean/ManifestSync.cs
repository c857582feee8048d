using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Clean;

/// <summary>
/// Keeps gather's class manifests true when <c>clean</c> moves an image between classes. The source class's row is
/// left as it is: its URL and content stay known there, so the next <c>gather</c> neither fetches nor stores that
/// image again, and it no longer counts towards the class (the file is gone), exactly as for an image deleted by hand
/// or quarantined by <c>verify</c>. The target class gets a <c>kept</c> row for the same URL, naming the moved file,
/// so <c>gather</c> counts it there and does not download it into that class either.
/// </summary>
internal static class ManifestSync
{
    /// <summary>Records the moved file in the target class's manifest; returns the URL recorded, or null when the image did not come from gather.</summary>
    public static string? RecordMove(string dataRoot, string fromClass, string fromFileName, string toClass, string toFileName)
    {
        var sourcePath = ClassManifest.PathFor(dataRoot, fromClass);
        if (!File.Exists(sourcePath))
        {
            return null;
        }

        var source = ClassManifest.Load(sourcePath);
        var row = source.Entries.LastOrDefault(e => e.Status == GatherStatus.Kept && string.Equals(e.File, fromFileName, StringComparison.Ordinal));
        if (row is null)
        {
            return null;
        }

        var target = ClassManifest.Load(ClassManifest.PathFor(dataRoot, toClass));
        target.Record(row with { File = toFileName, Reason = null });
        return row.Url;
    }
}
