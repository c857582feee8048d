namespace ActressOnnx.Train.Gather;

/// <summary>What <see cref="ImageGatherer"/> knows about one class while it runs; callers lock on the instance.</summary>
internal sealed class ClassState
{
    private readonly Dictionary<string, string> _keptFiles = new(StringComparer.Ordinal);
    private readonly List<(ulong Hash, string File)> _keptHashes = [];

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
                AddHash(entry.PerceptualHash, file);
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

    public void AddKept(string sha256, string fileName, string? perceptualHash = null)
    {
        _keptFiles.Add(sha256, fileName);
        AddHash(perceptualHash, fileName);
        Kept++;
    }

    /// <summary>The closest kept image whose perceptual hash is within <see cref="Audit.DuplicateFinder.DefaultMaxDistance"/> bits, or null.</summary>
    public (string File, int Distance)? FindNearDuplicate(string? perceptualHash)
    {
        if (!TryParseHash(perceptualHash, out var hash))
        {
            return null;
        }

        (string File, int Distance)? best = null;
        foreach (var (kept, file) in _keptHashes)
        {
            var distance = Audit.PerceptualHash.Distance(hash, kept);
            if (distance <= Audit.DuplicateFinder.DefaultMaxDistance && (best is null || distance < best.Value.Distance))
            {
                best = (file, distance);
            }
        }

        return best;
    }

    private void AddHash(string? perceptualHash, string file)
    {
        if (TryParseHash(perceptualHash, out var hash))
        {
            _keptHashes.Add((hash, file));
        }
    }

    private static bool TryParseHash(string? text, out ulong hash)
    {
        hash = 0;
        return text is { Length: 16 } && ulong.TryParse(text, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out hash);
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
