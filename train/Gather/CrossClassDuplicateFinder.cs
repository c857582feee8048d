namespace ActressOnnx.Train.Gather;

/// <summary>
/// Finds images kept (and still on disk) in more than one class folder of a dataset, by content hash, and keeps the
/// manifests' <see cref="ManifestEntry.Note"/> true: marks each such row <c>duplicate-of-other-class</c>, naming the other
/// copies, and clears the mark once the user has removed the copy from the wrong class.
/// </summary>
internal static class CrossClassDuplicateFinder
{
    /// <summary>The start of <see cref="ManifestEntry.Note"/> on a kept image whose bytes another class keeps too.</summary>
    public const string NotePrefix = "duplicate-of-other-class";

    /// <param name="outputDirectory">The dataset folder: one folder and one manifest per class.</param>
    /// <param name="classesInRun">Classes gathered in this run; their manifests must read. Other classes' manifests are
    /// looked at when they read, and left alone otherwise (their own gather reports the problem).</param>
    public static IReadOnlyList<CrossClassDuplicate> MarkAll(string outputDirectory, IReadOnlyCollection<string> classesInRun)
    {
        ArgumentNullException.ThrowIfNull(classesInRun);
        var manifests = new SortedDictionary<string, ClassManifest>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(outputDirectory, "*" + ClassManifest.FileSuffix))
        {
            var className = Path.GetFileName(path)[..^ClassManifest.FileSuffix.Length];
            try
            {
                manifests[className] = ClassManifest.Load(path);
            }
            catch (InvalidDataException) when (!classesInRun.Contains(className, StringComparer.OrdinalIgnoreCase))
            {
            }
        }

        var copies = new Dictionary<string, List<(string Class, string File)>>(StringComparer.Ordinal);
        foreach (var (className, manifest) in manifests)
        {
            foreach (var entry in manifest.Entries)
            {
                if (entry is { Status: GatherStatus.Kept, Sha256: { } sha256, File: { } file } && File.Exists(Path.Combine(outputDirectory, className, file)))
                {
                    if (!copies.TryGetValue(sha256, out var list))
                    {
                        copies[sha256] = list = [];
                    }

                    if (!list.Exists(c => c.Class == className))
                    {
                        list.Add((className, file));
                    }
                }
            }
        }

        foreach (var (className, manifest) in manifests)
        {
            foreach (var entry in manifest.Entries.ToList())
            {
                var note = entry is { Status: GatherStatus.Kept, Sha256: { } sha256 } && copies.TryGetValue(sha256, out var list) && list.Count > 1
                    ? $"{NotePrefix}: {string.Join(", ", list.Where(c => c.Class != className).Select(c => $"{c.Class}/{c.File}"))}"
                    : entry.Note is { } old && old.StartsWith(NotePrefix, StringComparison.Ordinal) ? null : entry.Note;
                if (note != entry.Note)
                {
                    Save(manifest, entry with { Note = note });
                }
            }
        }

        return [.. copies
            .Where(c => c.Value.Count > 1)
            .SelectMany(c => Pairs(c.Key, c.Value))
            .OrderBy(d => d.FirstClass, StringComparer.Ordinal).ThenBy(d => d.SecondClass, StringComparer.Ordinal).ThenBy(d => d.FirstFile, StringComparer.Ordinal)];
    }

    private static IEnumerable<CrossClassDuplicate> Pairs(string sha256, List<(string Class, string File)> copies)
    {
        for (var i = 0; i < copies.Count; i++)
        {
            for (var j = i + 1; j < copies.Count; j++)
            {
                yield return new CrossClassDuplicate(sha256, copies[i].Class, copies[i].File, copies[j].Class, copies[j].File);
            }
        }
    }

    private static void Save(ClassManifest manifest, ManifestEntry entry)
    {
        try
        {
            manifest.Record(entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatherStorageException(manifest.Path, ex);
        }
    }
}
