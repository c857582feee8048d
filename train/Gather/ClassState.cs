namespace ActressOnnx.Train.Gather;

/// <summary>What <see cref="ImageGatherer"/> knows about one class while it runs; callers lock on the instance.</summary>
internal sealed class ClassState
{
    private readonly Dictionary<string, string> _keptFiles = new(StringComparer.Ordinal);

    public ClassState(ClassSpec spec, string folder, ClassManifest manifest)
    {
        Spec = spec;
        Folder = folder;
        Manifest = manifest;
        foreach (var entry in manifest.Entries)
        {
            if (entry is { Status: GatherStatus.Kept, Sha256: { } sha256, File: { } file })
            {
                _keptFiles[sha256] = file;
                if (File.Exists(Path.Combine(folder, file)))
                {
                    Kept++;
                }
            }
        }
    }

    public ClassSpec Spec { get; }

    public string Folder { get; }

    public ClassManifest Manifest { get; }

    /// <summary>Stored file name by content hash, for every image kept in this class.</summary>
    public IReadOnlyDictionary<string, string> KeptFiles => _keptFiles;

    /// <summary>
    /// Kept images still on disk: deleting an unwanted image (or letting <c>verify</c> quarantine it) lets the
    /// next run top the class up, while its URL and content stay known and are not fetched or stored again.
    /// </summary>
    public int Kept { get; private set; }

    public void AddKept(string sha256, string fileName)
    {
        _keptFiles.Add(sha256, fileName);
        Kept++;
    }

    /// <summary>
    /// False when the manifest already has an outcome for <paramref name="url"/> (failures count only without
    /// <paramref name="retryFailed"/>; a licence exclusion never counts, as <c>--licence</c> may have changed).
    /// </summary>
    public bool NeedsFetch(string url, bool retryFailed)
    {
        lock (this)
        {
            return !Manifest.TryGet(url, out var entry)
                || entry.Status == GatherStatus.Excluded
                || (retryFailed && entry.Status == GatherStatus.Failed);
        }
    }
}
